package io.kronotop.server.command.cluster;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.SlotHash;

/**
 * CLUSTER COUNTKEYSINSLOT slot: the live keys of this member's copy of the slot (0 for slots it does not serve).
 * Counted on the shard's reactor by a pass over the shard's keys: there is no per-slot index.
 */
final class ClusterCountKeysInSlotHandler implements CommandHandler {
    static final String INVALID_SLOT = "ERR Invalid slot";
    private final RedisShards shards;

    ClusterCountKeysInSlotHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] parsed = new long[1];
        if (!args.tryParseLong(2, parsed, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        if (parsed[0] < 0 || parsed[0] >= SlotHash.SLOTS) {
            reply.error(INVALID_SLOT);
            return;
        }
        int slot = (int) parsed[0];
        RedisShard shard = shards.forSlot(slot);
        long nowMs = ctx.nowMs();
        ctx.runOn(shard.owner(), w -> {
            long[] count = new long[1];
            shard.forEachLive(nowMs, e -> {
                if (SlotHash.slot(e.key()) == slot) {
                    count[0]++;
                }
            });
            w.integer(count[0]);
            return null;
        });
    }
}
