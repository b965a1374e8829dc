package io.kronotop.server.cluster;

import java.util.Locale;

/** What a shard accepts: everything, reads only, or nothing. Every shard starts INOPERABLE. */
public enum ShardStatus {
    READWRITE, READONLY, INOPERABLE;

    /** The status called {@code text} (any case), or null. */
    public static ShardStatus parse(String text) {
        for (ShardStatus status : values()) {
            if (status.name().equals(text.toUpperCase(Locale.ROOT))) {
                return status;
            }
        }
        return null;
    }
}
