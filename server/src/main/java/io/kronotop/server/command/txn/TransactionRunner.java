package io.kronotop.server.command.txn;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.error.MetastoreErrors;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Runs a metastore operation for a command: in the session's transaction when BEGIN opened one, otherwise
 * in a one-off transaction that is committed (and retried on conflicts, like fdb-java's {@code runAsync})
 * before the reply is written. Never blocks: the result arrives through {@link CommandContext#await}, back
 * on the connection's reactor. Shared by every reactor; stateless.
 */
public final class TransactionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);

    private final Database db;

    public TransactionRunner(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** The work done in a transaction. May run more than once for a one-off (retries): no side effects. */
    @FunctionalInterface
    public interface Operation<T> {
        CompletableFuture<T> apply(Transaction tr);
    }

    /** Writes the reply of a successful operation; runs on the connection's reactor. */
    @FunctionalInterface
    public interface Success<T> {
        void write(T result, ReplyWriter reply);
    }

    /** Runs {@code op} in the session's transaction, or in a one-off one committed before the reply. */
    public <T> void run(CommandContext ctx, ReplyWriter reply, Operation<T> op, Success<T> onSuccess) {
        Transaction tr = ctx.session().transaction();
        CompletableFuture<T> future = tr != null ? apply(op, tr) : db.runAsync(t -> apply(op, t));
        complete(ctx, reply, future, onSuccess);
    }

    /** Runs {@code op} in its own transaction, retried on conflicts, even inside BEGIN (namespace changes). */
    public <T> void runIsolated(CommandContext ctx, ReplyWriter reply, Operation<T> op, Success<T> onSuccess) {
        complete(ctx, reply, db.runAsync(t -> apply(op, t)), onSuccess);
    }

    /** Waits for {@code future} without blocking, then writes the reply or the mapped error. */
    public static <T> void complete(CommandContext ctx, ReplyWriter reply, CompletableFuture<T> future,
                                    Success<T> onSuccess) {
        // The embedded metastore answers most reads at once: reply now, without pausing the connection. This
        // runs inside the dispatch, so no earlier reply of this connection can still be pending.
        switch (future.state()) {
            case SUCCESS -> {
                onSuccess.write(future.resultNow(), reply);
                return;
            }
            case FAILED -> {
                fail(future.exceptionNow(), reply);
                return;
            }
            default -> {
                // still running or cancelled: wait below
            }
        }
        ctx.await(future, (result, failure, out) -> {
            if (failure == null) {
                onSuccess.write(result, out);
            } else {
                fail(failure, out);
            }
        });
    }

    /** Writes the error reply for a failed metastore call; unknown failures are logged and hidden. */
    public static void fail(Throwable failure, ReplyWriter reply) {
        String text = MetastoreErrors.reply(failure);
        if (text == null) {
            LOG.error("metastore operation failed", failure);
            text = RespError.INTERNAL;
        }
        reply.error(text);
    }

    private static <T> CompletableFuture<T> apply(Operation<T> op, Transaction tr) {
        try {
            CompletableFuture<T> f = op.apply(tr);
            return f != null ? f : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
