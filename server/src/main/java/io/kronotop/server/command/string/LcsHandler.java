package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.StringValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: longest common subsequence, Redis's algorithm. */
final class LcsHandler implements KeyspaceHandler {
    private static final byte[] IDX = "IDX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEN = "LEN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WITHMATCHLEN = "WITHMATCHLEN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MINMATCHLEN = "MINMATCHLEN".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_CELLS = 64L * 1024 * 1024;

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Entry ea = ctx.shard().read(args.bytes(1), ctx.nowMs());
        Entry eb = ctx.shard().read(args.bytes(2), ctx.nowMs());
        if (ea != null && !(ea.value() instanceof StringValue) || eb != null && !(eb.value() instanceof StringValue)) {
            reply.error("ERR The specified keys must contain string values");
            return;
        }
        byte[] a = ea == null ? new byte[0] : ((StringValue) ea.value()).bytes();
        byte[] b = eb == null ? new byte[0] : ((StringValue) eb.value()).bytes();
        boolean getIdx = false;
        boolean getLen = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < args.count(); j++) {
            if (args.equalsIgnoreCase(j, IDX)) {
                getIdx = true;
            } else if (args.equalsIgnoreCase(j, LEN)) {
                getLen = true;
            } else if (args.equalsIgnoreCase(j, WITHMATCHLEN)) {
                withMatchLen = true;
            } else if (args.equalsIgnoreCase(j, MINMATCHLEN) && j + 1 < args.count()) {
                long[] p = new long[1];
                if (!args.tryParseLong(++j, p, 0)) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
                minMatchLen = Math.max(0, p[0]);
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        if (getIdx && getLen) {
            reply.error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }
        if ((long) (a.length + 1) * (b.length + 1) > MAX_CELLS) {
            reply.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        reply(a, b, getIdx, getLen, withMatchLen, minMatchLen, reply);
    }

    private static void reply(byte[] a, byte[] b, boolean getIdx, boolean getLen, boolean withMatchLen,
                              long minMatchLen, ReplyWriter reply) {
        int alen = a.length;
        int blen = b.length;
        int cols = blen + 1;
        int[] dp = new int[(alen + 1) * cols];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                dp[i * cols + j] = a[i - 1] == b[j - 1] ? dp[(i - 1) * cols + j - 1] + 1
                    : Math.max(dp[(i - 1) * cols + j], dp[i * cols + j - 1]);
            }
        }
        int idx = dp[alen * cols + blen];
        if (getLen) {
            reply.integer(idx);
            return;
        }
        byte[] result = new byte[idx];
        List<long[]> matches = new ArrayList<>();
        int i = alen;
        int j = blen;
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int k = idx;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[k - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                k--;
                i--;
                j--;
            } else {
                if (dp[(i - 1) * cols + j] > dp[i * cols + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            if (emit) {
                long matchLen = aEnd - aStart + 1L;
                if (minMatchLen == 0 || matchLen >= minMatchLen) {
                    matches.add(new long[] {aStart, aEnd, bStart, bEnd, matchLen});
                }
                aStart = alen;
            }
        }
        if (!getIdx) {
            reply.bulk(result);
            return;
        }
        reply.mapHeader(2);
        reply.bulk("matches");
        reply.arrayHeader(matches.size());
        for (long[] m : matches) {
            reply.arrayHeader(withMatchLen ? 3 : 2);
            reply.arrayHeader(2);
            reply.integer(m[0]);
            reply.integer(m[1]);
            reply.arrayHeader(2);
            reply.integer(m[2]);
            reply.integer(m[3]);
            if (withMatchLen) {
                reply.integer(m[4]);
            }
        }
        reply.bulk("len");
        reply.integer(idx);
    }
}
