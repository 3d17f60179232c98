package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.policy.Check;
import dev.updraft.deploy.policy.Policies;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay satisfies every policy. */
class PolicyTest {

    static Stream<Arguments> overlayAndCheck() {
        return Overlays.ALL.stream().flatMap(o -> Policies.all().stream().map(c -> Arguments.of(o, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlayAndCheck")
    void overlaySatisfiesPolicy(String overlay, Check check) {
        List<String> violations = check.violations(Overlays.typed(overlay));
        assertThat(violations).as("%s violations in %s", check.id(), overlay).isEmpty();
    }
}
