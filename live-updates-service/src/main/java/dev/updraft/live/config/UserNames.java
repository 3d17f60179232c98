package dev.updraft.live.config;

/**
 * The one rule for a user name, wherever it comes from (the {@code user} query parameter of an upgrade or
 * an HTTP publish, or a token's {@code sub}): at most {@code updraft.live.limits.max-user-length}
 * characters and no control characters, since it is shown in presence and as an event's {@code from}.
 */
public final class UserNames {

    private UserNames() {
    }

    public static boolean acceptable(String user, int maxLength) {
        return user.length() <= maxLength && user.codePoints().noneMatch(Character::isISOControl);
    }
}
