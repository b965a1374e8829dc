package io.kronotop.server.cluster;

import com.apple.foundationdb.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps this member's routing table current: reads the whole table and arms a watch on the topology key in one
 * transaction, publishes the table, and reads again when the watch fires (or when asked to). One reload at a
 * time; requests that arrive during a reload are served by the next one. Listeners run on the routing thread,
 * never on a reactor, after every reload. State is owned by the routing thread; {@link #current} and
 * {@link #refresh} may be called from any thread.
 */
final class RoutingWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingWatcher.class);
    private static final long RETRY_MS = 200;

    private record Loaded(RoutingTable table, CompletableFuture<Void> watch) {
    }

    private final Database db;
    private final ClusterLayout layout;
    private final ScheduledExecutorService thread;
    private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();
    private volatile RoutingTable current = RoutingTable.UNINITIALIZED;
    // routing thread only
    private final List<CompletableFuture<RoutingTable>> waiting = new ArrayList<>();
    private boolean loading;
    private boolean again;
    private CompletableFuture<Void> armed;
    private volatile boolean stopped;

    RoutingWatcher(Database db, ClusterLayout layout, ScheduledExecutorService thread) {
        this.db = db;
        this.layout = layout;
        this.thread = thread;
    }

    RoutingTable current() {
        return current;
    }

    void addListener(Consumer<RoutingTable> listener) {
        listeners.add(listener);
    }

    /** Completes with a table read after this call; starts a reload when none is running. */
    CompletableFuture<RoutingTable> refresh() {
        CompletableFuture<RoutingTable> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                waiting.add(done);
                requestLoad();
            });
        } catch (RejectedExecutionException e) {
            done.complete(current);
        }
        return done;
    }

    void stop() {
        stopped = true;
        try {
            thread.execute(() -> {
                if (armed != null) {
                    armed.cancel(false);
                }
                waiting.forEach(f -> f.complete(current));
                waiting.clear();
            });
        } catch (RejectedExecutionException e) {
            // already shut down
        }
    }

    private void requestLoad() {
        if (stopped) {
            waiting.forEach(f -> f.complete(current));
            waiting.clear();
            return;
        }
        if (loading) {
            again = true;
            return;
        }
        loading = true;
        List<CompletableFuture<RoutingTable>> served = new ArrayList<>(waiting);
        waiting.clear();
        db.runAsync(tr -> layout.load(tr).thenApply(table -> new Loaded(table, tr.watch(layout.topologyKey()))))
            .whenCompleteAsync((loaded, failure) -> onLoaded(loaded, failure, served), thread);
    }

    private void onLoaded(Loaded loaded, Throwable failure, List<CompletableFuture<RoutingTable>> served) {
        loading = false;
        if (failure != null) {
            if (stopped) {
                served.forEach(f -> f.complete(current));
            } else {
                LOG.warn("cannot read the routing table, retrying in {} ms: {}", RETRY_MS, failure.toString());
                waiting.addAll(served);
                schedule(this::requestLoad, RETRY_MS);
            }
            return;
        }
        RoutingTable previous = current;
        current = loaded.table();
        if (previous.version() != loaded.table().version() || previous.initialized() != loaded.table().initialized()) {
            LOG.info("routing table reloaded: {}", loaded.table());
        }
        for (Consumer<RoutingTable> listener : listeners) {
            try {
                listener.accept(loaded.table());
            } catch (RuntimeException e) {
                LOG.error("routing listener failed", e);
            }
        }
        served.forEach(f -> f.complete(loaded.table()));
        if (armed != null) {
            armed.cancel(false);
        }
        CompletableFuture<Void> watch = loaded.watch();
        armed = watch;
        watch.whenComplete((ignored, watchFailure) -> {
            if (stopped || watch.isCancelled()) {
                return;
            }
            if (watchFailure != null) {
                schedule(this::requestLoad, RETRY_MS);
            } else {
                execute(this::requestLoad);
            }
        });
        if (again) {
            again = false;
            requestLoad();
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void schedule(Runnable task, long delayMs) {
        try {
            thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
