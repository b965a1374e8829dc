package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandContext.FanOut;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.Entry;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** RANDOMKEY: a random live key, each shard weighted by its size; null when the keyspace is empty. */
final class RandomKeyHandler implements CommandHandler {
    private final RedisShards shards;

    RandomKeyHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long nowMs = ctx.nowMs();
        ctx.fanOut(shards, new FanOut<Object[]>() {
            @Override
            public Object[] onShard(RedisShard shard) {
                Entry e = shard.randomKey(nowMs);
                return new Object[] {e == null ? null : e.key(), (long) shard.size()};
            }

            @Override
            public void reply(List<Object[]> results, ReplyWriter w) {
                long total = 0;
                for (Object[] r : results) {
                    total += r[0] == null ? 0 : (Long) r[1];
                }
                if (total == 0) {
                    w.nullBulk();
                    return;
                }
                long pick = ThreadLocalRandom.current().nextLong(total);
                for (Object[] r : results) {
                    if (r[0] == null) {
                        continue;
                    }
                    pick -= (Long) r[1];
                    if (pick < 0) {
                        w.bulk((byte[]) r[0]);
                        return;
                    }
                }
            }
        });
    }
}
