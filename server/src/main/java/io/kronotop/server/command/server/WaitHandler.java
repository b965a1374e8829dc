package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WAIT numreplicas timeout. A REDIS shard has no Redis replicas that acknowledge a client's writes: its standbys
 * copy the shard's volume asynchronously. So, as a Redis primary without replicas does, WAIT answers 0 at once when
 * {@code numreplicas} is 0 or less, or inside EXEC, and otherwise after {@code timeout} milliseconds (0: never),
 * without blocking anything but its own connection. For durability, sync mode acknowledges a write only once it is
 * synced, and SAVE closes async mode's window.
 */
final class WaitHandler implements CommandHandler {
    private static final Long NO_REPLICAS = 0L;

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] parsed = new long[2];
        if (!args.tryParseLong(1, parsed, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        if (!args.tryParseLong(2, parsed, 1)) {
            reply.error("ERR timeout is not an integer or out of range");
            return;
        }
        long numReplicas = parsed[0];
        long timeoutMs = parsed[1];
        if (timeoutMs < 0) {
            reply.error("ERR timeout is negative");
            return;
        }
        if (timeoutMs > Long.MAX_VALUE - ctx.nowMs()) {
            reply.error("ERR timeout is out of range");
            return;
        }
        if (numReplicas <= 0 || !ctx.canBlock()) {
            reply.integer(0);
            return;
        }
        CompletableFuture<Long> acked = new CompletableFuture<>();
        if (timeoutMs > 0) {
            ctx.reactor().schedule(() -> acked.complete(NO_REPLICAS), timeoutMs, TimeUnit.MILLISECONDS);
        }
        ctx.await(acked, (count, failure, w) -> w.integer(count));
    }
}
