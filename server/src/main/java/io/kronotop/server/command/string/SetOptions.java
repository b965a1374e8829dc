package io.kronotop.server.command.string;

import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Expiry;

import java.nio.charset.StandardCharsets;

/**
 * The options of SET and GETEX, parsed with Redis's rules ({@code parseExtendedStringArgumentsOrReply}):
 * conflicting options are a syntax error, a repeated option is accepted, the expire time is checked after
 * every option was read.
 */
final class SetOptions {
    static final int NX = 1;
    static final int XX = 2;
    static final int GET = 4;
    static final int KEEPTTL = 8;
    static final int PERSIST = 16;
    static final int EX = 32;
    static final int PX = 64;
    static final int EXAT = 128;
    static final int PXAT = 256;
    private static final int EXPIRES = EX | PX | EXAT | PXAT;

    private static final byte[] B_NX = ascii("NX");
    private static final byte[] B_XX = ascii("XX");
    private static final byte[] B_GET = ascii("GET");
    private static final byte[] B_KEEPTTL = ascii("KEEPTTL");
    private static final byte[] B_PERSIST = ascii("PERSIST");
    private static final byte[] B_EX = ascii("EX");
    private static final byte[] B_PX = ascii("PX");
    private static final byte[] B_EXAT = ascii("EXAT");
    private static final byte[] B_PXAT = ascii("PXAT");

    int flags;
    /** Absolute expiry in ms when an expire option was given. */
    long deadlineMs;
    /** The error to reply, or null. */
    String error;

    /** Parses from argument {@code from}; {@code set} is true for SET, false for GETEX. */
    SetOptions parse(RespArgs args, int from, boolean set, String command, long nowMs) {
        flags = 0;
        error = null;
        int expireArg = -1;
        for (int j = from; j < args.count(); j++) {
            boolean next = j + 1 < args.count();
            int f = flags;
            if (set && args.equalsIgnoreCase(j, B_NX) && (f & XX) == 0) {
                flags |= NX;
            } else if (set && args.equalsIgnoreCase(j, B_XX) && (f & NX) == 0) {
                flags |= XX;
            } else if (set && args.equalsIgnoreCase(j, B_GET)) {
                flags |= GET;
            } else if (set && args.equalsIgnoreCase(j, B_KEEPTTL) && (f & (PERSIST | EXPIRES)) == 0) {
                flags |= KEEPTTL;
            } else if (!set && args.equalsIgnoreCase(j, B_PERSIST) && (f & (KEEPTTL | EXPIRES)) == 0) {
                flags |= PERSIST;
            } else if (next && args.equalsIgnoreCase(j, B_EX) && (f & (KEEPTTL | PERSIST | EXPIRES & ~EX)) == 0) {
                flags |= EX;
                expireArg = ++j;
            } else if (next && args.equalsIgnoreCase(j, B_PX) && (f & (KEEPTTL | PERSIST | EXPIRES & ~PX)) == 0) {
                flags |= PX;
                expireArg = ++j;
            } else if (next && args.equalsIgnoreCase(j, B_EXAT)
                && (f & (KEEPTTL | PERSIST | EXPIRES & ~EXAT)) == 0) {
                flags |= EXAT;
                expireArg = ++j;
            } else if (next && args.equalsIgnoreCase(j, B_PXAT)
                && (f & (KEEPTTL | PERSIST | EXPIRES & ~PXAT)) == 0) {
                flags |= PXAT;
                expireArg = ++j;
            } else {
                error = RespError.SYNTAX;
                return this;
            }
        }
        if (expireArg > 0) {
            long[] p = new long[1];
            if (!args.tryParseLong(expireArg, p, 0)) {
                error = RespError.NOT_AN_INTEGER;
                return this;
            }
            deadlineMs = Expiry.deadlineMs(p[0], (flags & (EX | EXAT)) != 0, (flags & (EX | PX)) != 0, nowMs);
            if (deadlineMs == Expiry.INVALID) {
                error = Expiry.invalid(command);
            }
        }
        return this;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean expires() {
        return (flags & EXPIRES) != 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
