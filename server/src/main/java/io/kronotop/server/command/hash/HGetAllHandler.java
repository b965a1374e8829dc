package io.kronotop.server.command.hash;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Entry;
import io.kronotop.server.redis.HashStore;
import io.kronotop.server.redis.HashValue;
import io.kronotop.server.redis.Bytes;

import java.util.Map;

/** HKEYS, HVALS and HGETALL (a map in RESP3): what {@code keys} and {@code values} select. */
final class HGetAllHandler implements KeyspaceHandler {
    private final boolean keys;
    private final boolean values;

    HGetAllHandler(boolean keys, boolean values) {
        this.keys = keys;
        this.values = values;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        HashValue h = HashStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        int size = h == null ? 0 : h.size();
        if (keys && values) {
            reply.mapHeader(size);
        } else {
            reply.arrayHeader(size);
        }
        if (h == null) {
            return;
        }
        for (Map.Entry<Bytes, byte[]> f : h.fields().entrySet()) {
            if (keys) {
                reply.bulk(f.getKey().bytes());
            }
            if (values) {
                reply.bulk(f.getValue());
            }
        }
    }
}
