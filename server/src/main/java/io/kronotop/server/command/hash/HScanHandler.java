package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;
import io.kronotop.server.command.ScanOptions;
import io.kronotop.server.redis.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]. A small hash (Redis's listpack encoding) is returned whole
 * with cursor 0, as Redis does; a large one in steps, the cursor being a position in insertion order.
 */
final class HScanHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ScanOptions o = new ScanOptions().cursor(args, 2);
        if (o.error != null) {
            reply.error(o.error);
            return;
        }
        HashValue h = HashStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        if (h == null) {
            reply.arrayHeader(2);
            reply.bulk("0");
            reply.arrayHeader(0);
            return;
        }
        o.options(args, 3, false);
        if (o.error != null) {
            reply.error(o.error);
            return;
        }
        List<byte[]> out = new ArrayList<>();
        long next = 0;
        if (h != null) {
            boolean whole = h.encoding().equals("listpack");
            long position = 0;
            long end = whole ? Long.MAX_VALUE : o.cursor + o.count;
            for (Map.Entry<Bytes, byte[]> f : h.fields().entrySet()) {
                if (position >= o.cursor && position < end && o.matches(f.getKey().bytes())) {
                    out.add(f.getKey().bytes());
                    out.add(f.getValue());
                }
                position++;
            }
            next = whole || end >= h.size() ? 0 : end;
        }
        reply.arrayHeader(2);
        reply.bulk(Long.toUnsignedString(next));
        reply.arrayHeader(out.size());
        for (byte[] b : out) {
            reply.bulk(b);
        }
    }
}
