package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.command.ScanOptions;
import io.kronotop.server.redis.Entry;

import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor encodes the shard and the position in its
 * table ({@code position * shards + shard}); each call scans one shard on its reactor, and moves on to the next
 * shard when that one is done. Every key present for the whole scan is returned at least once.
 */
final class ScanHandler implements CommandHandler {
    private final RedisShards shards;

    ScanHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ScanOptions o = new ScanOptions().cursor(args, 1);
        if (o.error == null) {
            o.options(args, 2, true);
        }
        if (o.error != null) {
            reply.error(o.error);
            return;
        }
        int n = shards.count();
        long cursor = o.cursor;
        int shardIndex = (int) Long.remainderUnsigned(cursor, n);
        long position = Long.divideUnsigned(cursor, n);
        RedisShard shard = shards.shard(shardIndex);
        long nowMs = ctx.nowMs();
        ctx.runOn(shard.owner(), w -> {
            List<byte[]> keys = new ArrayList<>();
            long pos = position;
            long budget = o.count * 10;
            do {
                pos = shard.scan(pos, e -> {
                    if (live(e, nowMs) && o.matches(e.key())
                        && (o.type == null || o.type.equalsIgnoreCase(e.value().typeName()))) {
                        keys.add(e.key());
                    }
                });
            } while (pos != 0 && budget-- > 0 && keys.size() < o.count);
            long next = pos != 0 ? pos * n + shardIndex : shardIndex + 1 < n ? shardIndex + 1 : 0;
            w.arrayHeader(2);
            w.bulk(Long.toUnsignedString(next));
            w.arrayHeader(keys.size());
            for (byte[] k : keys) {
                w.bulk(k);
            }
            return null;
        });
    }

    private static boolean live(Entry e, long nowMs) {
        return e.expireAtMs() < 0 || e.expireAtMs() > nowMs;
    }
}
