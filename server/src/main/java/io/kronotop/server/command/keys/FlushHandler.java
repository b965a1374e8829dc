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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * FLUSHDB and FLUSHALL [ASYNC | SYNC]: every shard drops its keys on its reactor; the reply waits until every
 * shard's volume has cleared them (sync durability). ASYNC and SYNC are accepted and behave the same.
 */
final class FlushHandler implements CommandHandler {
    private static final byte[] ASYNC = "ASYNC".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYNC = "SYNC".getBytes(StandardCharsets.US_ASCII);
    /** A shard still loading: FLUSH answers LOADING (as Redis does while it loads). */
    private static final CompletionStage<?> LOADING = CompletableFuture.completedFuture(null);
    private static final CompletionStage<?> DONE = CompletableFuture.completedFuture(null);
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
        ctx.fanOut(shards, new FanOut<CompletionStage<?>>() {
            @Override
            public CompletionStage<?> onShard(RedisShard shard) {
                if (shard.loading()) {
                    return LOADING;
                }
                String refusal = shard.writeRefusal();
                if (refusal != null) {
                    return CompletableFuture.failedFuture(new Refused(refusal));
                }
                shard.flush();
                CompletionStage<?> durable = shard.endCommand();
                return durable != null ? durable : DONE;
            }

            @Override
            public CompletionStage<?> awaitBeforeReply(CompletionStage<?> durable) {
                return durable;
            }

            @Override
            public void reply(List<CompletionStage<?>> results, ReplyWriter w) {
                if (results.contains(LOADING)) {
                    w.error(RedisShard.LOADING);
                    return;
                }
                for (CompletionStage<?> r : results) {
                    CompletableFuture<?> f = r.toCompletableFuture();
                    if (f.isCompletedExceptionally() && f.exceptionNow() instanceof Refused refused) {
                        w.error(refused.getMessage());
                        return;
                    }
                }
                for (CompletionStage<?> r : results) {
                    if (r.toCompletableFuture().isCompletedExceptionally()) {
                        w.error(RespError.NOT_DURABLE);
                        return;
                    }
                }
                w.ok();
            }
        });
    }

    /** A shard refused the flush because its persistence is failing; the message is the reply. */
    private static final class Refused extends RuntimeException {
        Refused(String reply) {
            super(reply, null, false, false);
        }
    }
}
