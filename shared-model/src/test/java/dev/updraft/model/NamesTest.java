package dev.updraft.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Names#isValid} is a scan; it must accept exactly what the documented grammar does. */
class NamesTest {

    private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Every class of character the grammar tells apart, and its neighbours in ASCII and beyond. */
    private static final String ALPHABET = "aAzZ09._:-/@[`{ \t\n,;~é\u0660\uff10";

    @Test
    void agreesWithTheGrammarOnEveryShortString() {
        char[] alphabet = ALPHABET.toCharArray();
        for (int length = 0; length <= 3; length++) {
            int combinations = (int) Math.pow(alphabet.length, length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder s = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length) {
                    s.append(alphabet[rest % alphabet.length]);
                }
                assertAgrees(s.toString());
            }
        }
    }

    @Test
    void agreesWithTheGrammarAroundTheLengthLimit() {
        Random random = new Random(42);
        char[] alphabet = ALPHABET.toCharArray();
        for (int length = 120; length <= 136; length++) {
            assertAgrees("a".repeat(length));
            assertAgrees("a" + "-".repeat(length - 1));
            for (int k = 0; k < 200; k++) {
                char[] s = "b".repeat(length).toCharArray();
                s[random.nextInt(length)] = alphabet[random.nextInt(alphabet.length)];
                assertAgrees(new String(s));
            }
        }
        assertThat(Names.isValid(null)).isFalse();
    }

    private static void assertAgrees(String s) {
        assertThat(Names.isValid(s)).as("'%s'", s).isEqualTo(GRAMMAR.matcher(s).matches());
    }
}
