package io.kronotop.server.redis.persist;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The slots of one shard whose last volume operation failed, tried again on a timer until they are written, as
 * Redis retries a failed AOF write from its cron. While any waits, {@link #error()} is the reason the keyspace
 * refuses writes ({@code MISCONF}). Each slot keeps its failed change as its pending one; this class only decides
 * when to issue it. Owner reactor thread only.
 */
final class FailedSlots {
    /** How often the failed changes are tried again. */
    static final long RETRY_INTERVAL_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(FailedSlots.class);

    private final String volumeName;
    private final EventExecutor owner;
    private final Consumer<Slot> issue;
    private final Set<Slot> slots = new LinkedHashSet<>();
    private Throwable lastError;
    private ScheduledFuture<?> timer;
    private boolean closed;

    /** @param issue queues a slot's pending change for a flush */
    FailedSlots(String volumeName, EventExecutor owner, Consumer<Slot> issue) {
        this.volumeName = volumeName;
        this.owner = owner;
        this.issue = issue;
    }

    /** The last failure while a failed change waits for its retry; null otherwise. */
    Throwable error() {
        return slots.isEmpty() ? null : lastError;
    }

    int size() {
        return slots.size();
    }

    /** The failed slots (a live view; do not modify). */
    Set<Slot> slots() {
        return slots;
    }

    /** {@code slot}'s operation failed with {@code error}; its pending change goes with the next retry. */
    void add(Slot slot, Throwable error, long failedSoFar) {
        if (slots.isEmpty()) {
            LOG.error("stash {}: a volume write failed ({} so far); refusing writes to the shard until the failed "
                + "changes are written, tried again every {} ms", volumeName, failedSoFar, RETRY_INTERVAL_MS, error);
        }
        lastError = error;
        slots.add(slot);
        if (timer == null && !closed) {
            timer = owner.scheduleAtFixedRate(this::retry, RETRY_INTERVAL_MS, RETRY_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        }
    }

    /** {@code slot}'s last operation ended for good (written, or refused for ever): it no longer holds writes back. */
    void settled(Slot slot) {
        if (slots.remove(slot) && slots.isEmpty()) {
            LOG.info("stash {}: no failed change waits any more; writes are accepted again", volumeName);
            stopTimer();
        }
    }

    /** No more retries (the shard's persistence is closed). */
    void close() {
        closed = true;
        stopTimer();
    }

    /** Issues the pending change of every failed slot that has nothing in flight. */
    private void retry() {
        if (closed || slots.isEmpty()) {
            stopTimer();
            return;
        }
        for (Slot slot : new ArrayList<>(slots)) {
            if (slot.dirty && !slot.inFlight) {
                issue.accept(slot);
            }
        }
    }

    private void stopTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
