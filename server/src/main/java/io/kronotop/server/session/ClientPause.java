package io.kronotop.server.session;

import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server-wide state of CLIENT PAUSE: which commands of the client port wait ({@link Mode#WRITE}: those that
 * change data; {@link Mode#ALL}: every one), until when, and the connections waiting for it to end. As in Redis, a
 * pause over a pause keeps the more restrictive mode and the later end; CLIENT UNPAUSE or the end resumes every
 * waiting connection, each on its own reactor, in the order it was postponed. Active expiry waits too, so that the
 * data stays as it was while the pause lasts.
 *
 * <p>{@link #active()} is one volatile read, for the dispatch path; the rest is synchronized (only paused
 * connections and the pause commands get there).
 */
public final class ClientPause {
    /** What a pause holds back. Ordered from least to most restrictive. */
    public enum Mode { NONE, WRITE, ALL }

    /** A connection postponed by a pause; told (on any thread) when the pause that holds it has ended. */
    public interface Waiter {
        void pauseEnded();
    }

    /** A longer pause lasts this long, a century: ends compare by difference, which must not overflow. */
    private static final long LONGEST_MS = 100L * 365 * 24 * 3600 * 1000;

    private volatile Mode mode = Mode.NONE;
    private long endNanos;
    private ScheduledFuture<?> timer;
    private final Set<Waiter> waiters = new LinkedHashSet<>();

    /** Whether a pause may be in effect; false is exact, true may be a pause whose end has just passed. */
    public boolean active() {
        return mode != Mode.NONE;
    }

    /**
     * Pauses for {@code timeoutMs} (at most a century), merged with a pause in
     * effect. {@code timers} runs the end.
     */
    public synchronized void pause(long timeoutMs, Mode requested, EventExecutor timers) {
        if (requested == Mode.NONE) {
            throw new IllegalArgumentException("a pause needs a mode");
        }
        long now = System.nanoTime();
        long end = now + Math.min(timeoutMs, LONGEST_MS) * 1_000_000;
        if (!inEffect(now)) {
            mode = requested;
            endNanos = end;
        } else {
            if (requested.compareTo(mode) > 0) {
                mode = requested;
            }
            if (end - endNanos > 0) {
                endNanos = end;
            } else {
                return; // the timer already set ends it
            }
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = endNanos - now;
        timer = timers.schedule(this::endIfDue, delay, TimeUnit.NANOSECONDS);
    }

    /** Ends the pause now (CLIENT UNPAUSE); without effect when none is in effect. */
    public void unpause() {
        List<Waiter> resumed;
        synchronized (this) {
            mode = Mode.NONE;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            resumed = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter waiter : resumed) {
            waiter.pauseEnded();
        }
    }

    private void endIfDue() {
        synchronized (this) {
            if (mode == Mode.NONE || System.nanoTime() - endNanos < 0) {
                return; // ended by UNPAUSE, or extended by a later pause with its own timer
            }
        }
        unpause();
    }

    /**
     * Whether a command must wait: every command under {@link Mode#ALL}, one that changes data under
     * {@link Mode#WRITE}; if so, {@code waiter} is told when the pause ends.
     */
    public synchronized boolean hold(boolean changesData, Waiter waiter) {
        if (!inEffect(System.nanoTime()) || (mode != Mode.ALL && !changesData)) {
            return false;
        }
        waiters.add(waiter);
        return true;
    }

    /** A waiter that went away (its connection closed): it is not told. */
    public synchronized void forget(Waiter waiter) {
        waiters.remove(waiter);
    }

    private boolean inEffect(long now) {
        return mode != Mode.NONE && now - endNanos < 0;
    }
}
