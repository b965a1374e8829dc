package io.kronotop.server.command.multi;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandFlag;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.command.Dispatcher;
import io.kronotop.server.command.MultiState;
import io.kronotop.server.redis.RedisShard;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * EXEC: runs the queued commands atomically on the reactor of their shard, or answers null when a watched key
 * changed, EXECABORT when a command was refused while queueing, CROSSSLOT when the keys span slots. Waits for
 * every earlier reply first, so WATCHes sent before it have registered.
 */
final class ExecHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        ctx.afterPending(first -> exec(ctx, first));
    }

    private static void exec(CommandContext ctx, ReplyWriter reply) {
        MultiState m = ctx.multi();
        if (!m.active()) {
            reply.error("ERR EXEC without MULTI");
            return;
        }
        if (m.crossSlot() || m.dirty()) {
            boolean cross = m.crossSlot();
            m.end();
            m.unwatchAll();
            reply.error(cross ? Dispatcher.CROSSSLOT : "EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        List<MultiState.Queued> queued = new ArrayList<>(m.queued());
        List<MultiState.Watch> watches = m.takeWatches();
        RedisShard shard = m.shard();
        m.end();
        long nowMs = ctx.nowMs();
        EventExecutor owner = shard != null ? shard.owner() : ctx.reactor();
        ctx.runOn(owner, new CommandContext.ShardWork() {
            @Override
            public CompletionStage<?> run(ReplyWriter w) {
                if (shard != null && shard.loading()) {
                    w.error(RedisShard.LOADING);
                    return null;
                }
                String refusal = shard != null && anyWrite(queued) ? shard.writeRefusal() : null;
                if (refusal != null) {
                    w.error("EXECABORT Transaction discarded because of: " + refusal);
                    return null;
                }
                if (shard != null) {
                    shard.expireWatched(nowMs);
                }
                for (MultiState.Watch watch : watches) {
                    if (watch.key().version() != watch.version()) {
                        w.nullArray();
                        return null;
                    }
                }
                w.arrayHeader(queued.size());
                CommandContext onShard = Dispatcher.onShard(ctx, shard, nowMs, w);
                for (MultiState.Queued q : queued) {
                    ctx.dispatcher().run(q.spec(), onShard, q.args(), w);
                }
                return shard != null ? shard.endCommand() : null;
            }

            @Override
            public void done() {
                MultiState.release(watches);
            }
        });
    }

    private static boolean anyWrite(List<MultiState.Queued> queued) {
        for (MultiState.Queued q : queued) {
            if (q.spec().has(CommandFlag.WRITE)) {
                return true;
            }
        }
        return false;
    }
}
