package dev.updraft.bench.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fixed computation timed on one thread before each area runs: SHA-256 over 32 MiB, the best of three.
 * The same work takes longer when the host gives this machine less CPU than it did before (other guests on the
 * same cores, hyper-thread siblings), which CPU steal does not always show; comparing it across runs tells a
 * slower host from slower code.
 */
public final class CpuProbe {

    private static final int BLOCK = 1 << 20;
    private static final int BLOCKS = 32;
    private static final int TRIES = 3;

    private CpuProbe() {
    }

    /** Milliseconds the computation took at best. */
    public static double millis() {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        long best = Long.MAX_VALUE;
        for (int t = 0; t < TRIES; t++) {
            long start = System.nanoTime();
            MessageDigest sha = sha256();
            for (int b = 0; b < BLOCKS; b++) {
                sha.update(block);
            }
            block[0] ^= sha.digest()[0]; // the result is used, so the work cannot be skipped
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e6;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
