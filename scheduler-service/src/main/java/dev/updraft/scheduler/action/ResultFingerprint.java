package dev.updraft.scheduler.action;

import dev.updraft.model.aggregate.AggregateResult;
import dev.updraft.model.aggregate.ItemResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What "the aggregate changed" means: the same items with the same outcome (status or error kind) and the same
 * body bytes. Timings ({@code elapsedMs}, {@code latencyMs}) are left out: they differ on every run.
 */
final class ResultFingerprint {

    private ResultFingerprint() {
    }

    static String of(AggregateResult result) {
        MessageDigest digest = sha256();
        for (ItemResult item : result.results()) {
            String outcome = item.ok() ? String.valueOf(item.status()) : "error:" + item.error().kind();
            String body = item.sha256() != null ? item.sha256()
                    : item.body() == null ? "" : hex(sha256().digest(item.body().toString().getBytes(StandardCharsets.UTF_8)));
            digest.update((item.id() + '\u0000' + outcome + '\u0000' + body + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return hex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
