package dev.updraft.aggregator.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.updraft.aggregator.upstream.UpstreamFailure;
import dev.updraft.model.aggregate.ErrorKind;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfPolicyTest {

    private final SsrfPolicy closed = new SsrfPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.100.1.1",
            "0.0.0.0", "224.1.1.1", "240.0.0.1", "::1", "::", "fe80::1", "fd12::1", "ff02::1", "::ffff:10.0.0.1",
            "::10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "2001::1", "2001:db8::1"})
    void deniedAddresses(String address) throws Exception {
        assertThat(closed.denial(InetAddress.getByName(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
            "64:ff9b::808:808"})
    void publicAddresses(String address) throws Exception {
        assertThat(closed.denial(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void oneDeniedAddressInTheAnswerBlocksTheHost() throws Exception {
        List<InetAddress> mixed = List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.7"));
        assertThatThrownBy(() -> closed.choose("rebind.example", mixed))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(ErrorKind.BLOCKED);
                    assertThat(f.getMessage()).contains("10.0.0.7").contains("private");
                });
    }

    @Test
    void allowlistedBlocksAndHostsAreReachable() throws Exception {
        SsrfPolicy policy = new SsrfPolicy(List.of("10.20.0.0/16", "internal.example", "::1/128"));
        assertThat(policy.denial(InetAddress.getByName("10.20.3.4"))).isEmpty();
        assertThat(policy.denial(InetAddress.getByName("10.21.3.4"))).isPresent();
        assertThat(policy.denial(InetAddress.getByName("::1"))).isEmpty();
        InetAddress private10 = InetAddress.getByName("10.99.0.1");
        assertThat(policy.choose("internal.example", List.of(private10))).isEqualTo(private10);
        assertThat(policy.hostAllowlisted(SsrfPolicy.normalize("INTERNAL.example."))).isTrue();
    }
}
