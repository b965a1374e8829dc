package io.kronotop.server.command.txn;

import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * COMMIT [RETURNING committed-version|versionstamp]: commits the session's transaction. The transaction
 * ends whatever the outcome; a conflict answers {@code NOT_COMMITTED ...} and the client retries from BEGIN.
 */
final class CommitHandler implements CommandHandler {
    private static final byte[] RETURNING = "RETURNING".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMITTED_VERSION = "COMMITTED-VERSION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMITTED_VERSION_U = "COMMITTED_VERSION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSIONSTAMP = "VERSIONSTAMP".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        int mode = 0;
        if (args.count() == 3 && args.equalsIgnoreCase(1, RETURNING)) {
            if (args.equalsIgnoreCase(2, COMMITTED_VERSION) || args.equalsIgnoreCase(2, COMMITTED_VERSION_U)) {
                mode = 1;
            } else if (args.equalsIgnoreCase(2, VERSIONSTAMP)) {
                mode = 2;
            }
        }
        if (args.count() != 1 && mode == 0) {
            reply.error(RespError.SYNTAX);
            return;
        }
        Transaction tr = ctx.session().transaction();
        if (tr == null) {
            reply.error(RespError.NO_TRANSACTION);
            return;
        }
        ctx.session().transaction(null);
        CompletableFuture<byte[]> versionstamp = mode == 2 ? tr.getVersionstamp() : null;
        CompletableFuture<Object> done;
        try {
            done = switch (mode) {
                case 1 -> tr.commit().thenApply(v -> tr.getCommittedVersion());
                case 2 -> tr.commit().thenCompose(v -> versionstamp).thenApply(v -> v);
                default -> tr.commit().thenApply(v -> null);
            };
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((v, e) -> tr.close());
        TransactionRunner.complete(ctx, reply, done, (result, out) -> {
            if (result instanceof Long version) {
                out.integer(version);
            } else if (result instanceof byte[] stamp) {
                out.bulk(stamp);
            } else {
                out.ok();
            }
        });
    }
}
