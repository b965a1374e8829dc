package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** The {@code run}/{@code runAsync}/{@code read}/{@code readAsync} retry loops, shaped like fdb-java's. */
final class RetryLoops {
    private RetryLoops() {
    }

    static <T> T run(Database db, Function<? super Transaction, T> retryable, Executor e) {
        Transaction t = db.createTransaction(e);
        try {
            while (true) {
                try {
                    T result = retryable.apply(t);
                    if (t instanceof EmbeddedTransaction et) {
                        et.commitAndWait().join();
                    } else {
                        t.commit().join();
                    }
                    return result;
                } catch (RuntimeException err) {
                    t = t.onError(err).join();
                }
            }
        } finally {
            t.close();
        }
    }

    static <T> CompletableFuture<T> runAsync(Database db,
                                             Function<? super Transaction, ? extends CompletableFuture<T>> retryable,
                                             Executor e) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Transaction t;
        try {
            t = db.createTransaction(e);
        } catch (RuntimeException err) {
            return CompletableFuture.failedFuture(err);
        }
        attempt(t, retryable, result);
        return result;
    }

    private static <T> void attempt(Transaction t,
                                    Function<? super Transaction, ? extends CompletableFuture<T>> retryable,
                                    CompletableFuture<T> result) {
        CompletableFuture<T> f;
        try {
            f = retryable.apply(t);
            if (f == null) {
                f = CompletableFuture.completedFuture(null);
            }
        } catch (Throwable err) {
            f = CompletableFuture.failedFuture(err);
        }
        f.thenCompose(v -> t.commit().thenApply(ignored -> v)).whenComplete((v, err) -> {
            if (err == null) {
                t.close();
                result.complete(v);
                return;
            }
            Throwable cause = FdbErrors.unwrap(err);
            if (!(cause instanceof RuntimeException)) {
                t.close();
                result.completeExceptionally(cause);
                return;
            }
            t.onError(cause).whenComplete((next, err2) -> {
                if (err2 != null) {
                    t.close();
                    result.completeExceptionally(FdbErrors.unwrap(err2));
                } else {
                    attempt(next, retryable, result);
                }
            });
        });
    }
}
