package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;
import io.kronotop.server.error.RespError;
import io.kronotop.server.redis.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** HRANDFIELD key [count [WITHVALUES]]: distinct fields for a positive count, repeats allowed for a negative one. */
final class HRandFieldHandler implements KeyspaceHandler {
    private static final byte[] WITHVALUES = "WITHVALUES".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean withCount = args.count() >= 3;
        long count = 1;
        boolean withValues = false;
        if (withCount) {
            long[] p = new long[1];
            if (!args.tryParseLong(2, p, 0)) {
                reply.error(RespError.NOT_AN_INTEGER);
                return;
            }
            count = p[0];
            if (args.count() > 4 || args.count() == 4 && !args.equalsIgnoreCase(3, WITHVALUES)) {
                reply.error(RespError.SYNTAX);
                return;
            }
            withValues = args.count() == 4;
            if (withValues && count < -Long.MAX_VALUE / 2) {
                reply.error("ERR value is out of range");
                return;
            }
        }
        HashValue h = HashStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (h == null) {
            if (withCount) {
                reply.arrayHeader(0);
            } else {
                reply.nullBulk();
            }
            return;
        }
        List<Map.Entry<Bytes, byte[]>> all = new ArrayList<>(h.fields().entrySet());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (!withCount) {
            reply.bulk(all.get(random.nextInt(all.size())).getKey().bytes());
            return;
        }
        List<Map.Entry<Bytes, byte[]>> picked;
        if (count >= 0) {
            if (count < all.size()) {
                Collections.shuffle(all, random);
                picked = all.subList(0, (int) count);
            } else {
                picked = all;
            }
        } else {
            long n = -count;
            if (n > 10_000_000) {
                reply.error("ERR value is out of range");
                return;
            }
            picked = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                picked.add(all.get(random.nextInt(all.size())));
            }
        }
        write(picked, withValues, reply);
    }

    private static void write(List<Map.Entry<Bytes, byte[]>> picked, boolean withValues, ReplyWriter reply) {
        boolean pairs = withValues && reply.protocol() == 3;
        reply.arrayHeader(withValues && !pairs ? picked.size() * 2 : picked.size());
        for (Map.Entry<Bytes, byte[]> f : picked) {
            if (pairs) {
                reply.arrayHeader(2);
            }
            reply.bulk(f.getKey().bytes());
            if (withValues) {
                reply.bulk(f.getValue());
            }
        }
    }
}
