package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandContext.FanOut;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import java.util.List;

/** DBSIZE: the number of keys of every shard. */
final class DbSizeHandler implements CommandHandler {
    private final RedisShards shards;

    DbSizeHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ctx.fanOut(shards, new FanOut<Integer>() {
            @Override
            public Integer onShard(RedisShard shard) {
                return shard.size();
            }

            @Override
            public void reply(List<Integer> results, ReplyWriter w) {
                long total = 0;
                for (Integer r : results) {
                    total += r;
                }
                w.integer(total);
            }
        });
    }
}
