package io.kronotop.server.redis;

/** Redis's expire-time arithmetic ({@code getExpireMillisecondsOrReply}): overflow and non-positive checks. */
public final class Expiry {
    /** Returned when the time is invalid. */
    public static final long INVALID = Long.MIN_VALUE;

    private Expiry() {
    }

    /**
     * The absolute expiry in Unix ms for {@code value} given in seconds or ms, relative to {@code nowMs} or
     * absolute; {@link #INVALID} when it is not positive or overflows.
     */
    public static long deadlineMs(long value, boolean seconds, boolean relative, long nowMs) {
        if (value <= 0 || seconds && value > Long.MAX_VALUE / 1000) {
            return INVALID;
        }
        long ms = seconds ? value * 1000 : value;
        if (relative) {
            if (ms > Long.MAX_VALUE - nowMs) {
                return INVALID;
            }
            ms += nowMs;
        }
        return ms <= 0 ? INVALID : ms;
    }

    /** {@code ERR invalid expire time in 'cmd' command}. */
    public static String invalid(String command) {
        return "ERR invalid expire time in '" + command + "' command";
    }
}
