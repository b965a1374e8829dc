package io.kronotop.server.command.keys;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandContext.FanOut;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.error.RespError;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** FLUSHDB and FLUSHALL [ASYNC | SYNC]: every shard drops its keys on its reactor. */
final class FlushHandler implements CommandHandler {
    private static final byte[] ASYNC = "ASYNC".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYNC = "SYNC".getBytes(StandardCharsets.US_ASCII);
    private final RedisShards shards;

    FlushHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 2 || args.count() == 2 && !args.equalsIgnoreCase(1, ASYNC)
            && !args.equalsIgnoreCase(1, SYNC)) {
            reply.error(RespError.SYNTAX);
            return;
        }
        ctx.fanOut(shards, new FanOut<Long>() {
            @Override
            public Long onShard(RedisShard shard) {
                long removed = shard.flush();
                shard.endCommand();
                return removed;
            }

            @Override
            public void reply(List<Long> results, ReplyWriter w) {
                w.ok();
            }
        });
    }
}
