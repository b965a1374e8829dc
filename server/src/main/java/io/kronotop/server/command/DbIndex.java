package io.kronotop.server.command;

import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** A database index, read as Redis reads one: an integer that fits a C int. */
public final class DbIndex {
    private DbIndex() {
    }

    /**
     * The index at argument {@code i}, or null after replying Redis's error: {@code message} when given (SWAPDB's
     * {@code ERR invalid first DB index}), else the not-an-integer or the out-of-int-range text.
     */
    public static Integer read(RespArgs args, int i, ReplyWriter reply, String message) {
        long[] parsed = new long[1];
        if (!args.tryParseLong(i, parsed, 0)) {
            reply.error(message != null ? message : RespError.NOT_AN_INTEGER);
            return null;
        }
        if (parsed[0] < Integer.MIN_VALUE || parsed[0] > Integer.MAX_VALUE) {
            reply.error(message != null ? message : RespError.NOT_AN_INT);
            return null;
        }
        return (int) parsed[0];
    }
}
