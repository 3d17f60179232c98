package dev.updraft.live.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Random epoch ids (and the Redis engine's replica id): unique, not secret. */
public final class Epochs {

    private Epochs() {
    }

    /**
     * 64 random bits in base 36. The thread's own generator: the Redis engine draws one per publish and read
     * (the epoch a topic gets if that call creates it), and a shared SecureRandom serialised them.
     */
    public static String random() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
