package dev.updraft.aggregator.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4LiteralsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "2130706433, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1",
            "017700000001, 127.0.0.1",
            "0x7f.0.0.1, 127.0.0.1",
            "0x7F000001, 127.0.0.1",
            "0x7f.1, 127.0.0.1",
            "127.0.0.1., 127.0.0.1",
            "0, 0.0.0.0",
            "2852039166, 169.254.169.254",
            "10.0.258, 10.0.1.2",
            "8.8.8.8, 8.8.8.8"})
    void readsEveryNumericForm(String host, String address) throws Exception {
        assertThat(Ipv4Literals.parse(host)).contains((java.net.Inet4Address) InetAddress.getByName(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "0x100000000", "1.2.3.4.5", "08.0.0.1", "1.2.65536"})
    void numericButInvalidHostsHaveNoAddress(String host) {
        assertThat(Ipv4Literals.isNumeric(host) && Ipv4Literals.parse(host).isEmpty()
                || !Ipv4Literals.isNumeric(host)).isTrue();
        assertThat(Ipv4Literals.parse(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "1.2.3.example", "0xg.1"})
    void namesAreNotNumeric(String host) {
        assertThat(Ipv4Literals.isNumeric(host)).isFalse();
    }

    /** The scan says what the grammar of numeric hosts says, written as a regex, for every short string. */
    @Test
    void theScanAgreesWithTheGrammarOnEveryShortString() {
        Pattern grammar = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?");
        char[] alphabet = {'0', '7', '9', 'x', 'X', 'a', 'F', 'g', '.', '-'};
        List<String> hosts = new ArrayList<>(List.of(""));
        for (int length = 1; length <= 6; length++) {
            List<String> longer = new ArrayList<>();
            for (String h : hosts) {
                if (h.length() == length - 1) {
                    for (char c : alphabet) {
                        longer.add(h + c);
                    }
                }
            }
            hosts.addAll(longer);
        }
        hosts.addAll(List.of("1.2.3.4", "1.2.3.4.", "1.2.3.4.5", "0x.0x.0x.0x", "0x7f.1.", "1..2", ".1", "1.2.3.4.."));
        for (String host : hosts) {
            assertThat(Ipv4Literals.isNumeric(host)).as(host).isEqualTo(grammar.matcher(host).matches());
        }
    }
}
