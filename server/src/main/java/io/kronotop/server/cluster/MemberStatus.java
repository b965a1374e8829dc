package io.kronotop.server.cluster;

import java.util.Locale;

/** A member's registered status. A member sets RUNNING at start and STOPPED at a graceful stop. */
public enum MemberStatus {
    RUNNING, UNAVAILABLE, STOPPED, UNKNOWN;

    /** The status called {@code text} (any case), or null. */
    public static MemberStatus parse(String text) {
        for (MemberStatus status : values()) {
            if (status.name().equals(text.toUpperCase(Locale.ROOT))) {
                return status;
            }
        }
        return null;
    }
}
