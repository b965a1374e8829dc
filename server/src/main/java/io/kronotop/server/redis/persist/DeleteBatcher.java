package io.kronotop.server.redis.persist;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.volume.Volume;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Groups the entry deletes submitted during one task of the owner thread into metastore transactions of at most
 * {@link #MAX_PER_TRANSACTION} deletes each (a DEL of a large hash, a FLUSHALL, the clean-up after recovery),
 * instead of one transaction per entry. Deletes need no fsync: they only clear metadata.
 *
 * <p>{@link #submit} on the owner thread only; the futures complete on metastore threads.
 */
final class DeleteBatcher {
    static final int MAX_PER_TRANSACTION = 1000;

    private final Volume volume;
    private final Database db;
    private final long prefix;
    private final Executor owner;
    private List<Versionstamp> ids = new ArrayList<>();
    private List<CompletableFuture<Void>> futures = new ArrayList<>();

    DeleteBatcher(Volume volume, Database db, long prefix, Executor owner) {
        this.volume = volume;
        this.db = db;
        this.prefix = prefix;
        this.owner = owner;
    }

    /** Deletes entry {@code id} with the other deletes of this task; completes once committed. */
    CompletableFuture<Void> submit(Versionstamp id) {
        if (ids.isEmpty()) {
            owner.execute(this::drain);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        ids.add(id);
        futures.add(future);
        return future;
    }

    private void drain() {
        List<Versionstamp> batchIds = ids;
        List<CompletableFuture<Void>> batchFutures = futures;
        ids = new ArrayList<>();
        futures = new ArrayList<>();
        for (int from = 0; from < batchIds.size(); from += MAX_PER_TRANSACTION) {
            int to = Math.min(batchIds.size(), from + MAX_PER_TRANSACTION);
            commit(batchIds.subList(from, to), batchFutures.subList(from, to));
        }
    }

    private void commit(List<Versionstamp> chunk, List<CompletableFuture<Void>> waiting) {
        db.runAsync(tr -> {
            CompletableFuture<?>[] deletes = new CompletableFuture<?>[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                deletes[i] = volume.delete(tr, prefix, chunk.get(i));
            }
            return CompletableFuture.allOf(deletes);
        }).whenComplete((ignored, error) -> {
            for (CompletableFuture<Void> future : waiting) {
                if (error == null) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(error);
                }
            }
        });
    }
}
