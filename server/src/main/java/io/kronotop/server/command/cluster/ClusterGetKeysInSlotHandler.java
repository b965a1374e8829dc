package io.kronotop.server.command.cluster;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.SlotHash;

import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER GETKEYSINSLOT slot count: up to {@code count} live keys of this member's copy of the slot, gathered on
 * the shard's reactor by a pass over the shard's keys.
 */
final class ClusterGetKeysInSlotHandler implements CommandHandler {
    static final String INVALID_SLOT_OR_COUNT = "ERR Invalid slot or number of keys";
    private final RedisShards shards;

    ClusterGetKeysInSlotHandler(RedisShards shards) {
        this.shards = shards;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] parsed = new long[2];
        if (!args.tryParseLong(2, parsed, 0) || !args.tryParseLong(3, parsed, 1)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        if (parsed[0] < 0 || parsed[0] >= SlotHash.SLOTS || parsed[1] < 0) {
            reply.error(INVALID_SLOT_OR_COUNT);
            return;
        }
        int slot = (int) parsed[0];
        long max = parsed[1];
        RedisShard shard = shards.forSlot(slot);
        long nowMs = ctx.nowMs();
        ctx.runOn(shard.owner(), w -> {
            List<byte[]> keys = new ArrayList<>();
            shard.forEachLive(nowMs, e -> {
                if (keys.size() < max && SlotHash.slot(e.key()) == slot) {
                    keys.add(e.key());
                }
            });
            w.arrayHeader(keys.size());
            for (byte[] key : keys) {
                w.bulk(key);
            }
            return null;
        });
    }
}
