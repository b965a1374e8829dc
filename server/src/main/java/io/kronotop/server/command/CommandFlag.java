package io.kronotop.server.command;

import java.util.Locale;

/** Command flags, reported by COMMAND INFO under Redis's names and used by the dispatcher. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG,
    FAST, NO_AUTH, MAY_REPLICATE, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY;

    private final String redisName = name().toLowerCase(Locale.ROOT);

    /** The name COMMAND INFO shows, e.g. {@code no_auth}. */
    public String redisName() {
        return redisName;
    }
}
