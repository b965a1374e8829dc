package io.kronotop.server.command.multi;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.command.Dispatcher;
import io.kronotop.server.command.MultiState;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.SlotHash;
import io.kronotop.server.redis.WatchedKey;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * WATCH key [key ...]: records each key's version on its shard; EXEC aborts when one changed. The keys must
 * hash to one slot (Redis Cluster's rule).
 */
final class WatchHandler implements CommandHandler {
    private final RedisShards shards;

    WatchHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (ctx.multi().active()) {
            reply.error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        List<byte[]> keys = new ArrayList<>(args.count() - 1);
        int slot = -1;
        for (int i = 1; i < args.count(); i++) {
            byte[] key = args.bytes(i);
            int s = SlotHash.slot(key);
            if (slot >= 0 && s != slot) {
                reply.error(Dispatcher.CROSSSLOT);
                return;
            }
            slot = s;
            keys.add(key);
        }
        String refusal = shards.resolve(slot);
        if (refusal != null) {
            reply.error(refusal);
            return;
        }
        RedisShard shard = shards.forSlot(slot);
        long nowMs = ctx.nowMs();
        ctx.runOn(shard.owner(), new CommandContext.ShardWork() {
            private final List<MultiState.Watch> watches = new ArrayList<>(keys.size());

            @Override
            public CompletionStage<?> run(ReplyWriter w) {
                for (byte[] key : keys) {
                    shard.lookup(key, nowMs);
                    WatchedKey watched = shard.watch(key);
                    watches.add(new MultiState.Watch(watched, watched.version()));
                }
                w.ok();
                return null;
            }

            @Override
            public void done() {
                ctx.multi().watch(watches);
            }
        });
    }
}
