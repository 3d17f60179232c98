package dev.updraft.model.live;

/** WebSocket close codes with a meaning in the live-updates protocol. */
public final class CloseCodes {

    /** Server going away (shutdown); reconnect elsewhere and recover with {@code since}. */
    public static final int GOING_AWAY = 1001;
    /** A frame exceeded the configured size limit. */
    public static final int TOO_BIG = 1009;
    /** The token expired on an open connection. */
    public static final int TOKEN_EXPIRED = 4001;
    /** The client read too slowly: its outbound queue went over the bound. */
    public static final int SLOW_CONSUMER = 4008;

    private CloseCodes() {
    }
}
