package io.kronotop.server.transport;

import io.kronotop.server.command.CommandContext.ShardWork;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Posts the shard hops of one reactor to the reactors that own the shards: every hop that any connection of this
 * reactor makes during one pass of the event loop goes to its owner in one {@link HopBatch}, that is one task
 * there and one task back, however many connections and commands it carries. One per reactor thread; reactor
 * thread only.
 */
final class HopProxy {
    private static final FastThreadLocal<HopProxy> CURRENT = new FastThreadLocal<>();
    /** Finished batches kept for reuse; more than this many in flight at once are simply dropped when done. */
    private static final int MAX_FREE = 16;

    private final EventExecutor home;
    /** The batch being filled for each owner during this pass. */
    private final Map<EventExecutor, HopBatch> open = new IdentityHashMap<>(4);
    private final List<HopBatch> sending = new ArrayList<>(4);
    private final ArrayDeque<HopBatch> free = new ArrayDeque<>(MAX_FREE);
    private final Runnable flushTask = this::flush;
    private boolean flushScheduled;

    private HopProxy(EventExecutor home) {
        this.home = home;
    }

    /** The proxy of the reactor {@code home}; call on that reactor's thread. */
    static HopProxy of(EventExecutor home) {
        assert home.inEventLoop();
        HopProxy proxy = CURRENT.getIfExists();
        if (proxy == null) {
            proxy = new HopProxy(home);
            CURRENT.set(proxy);
        }
        return proxy;
    }

    /** Queues a hop; it leaves when this pass of the event loop has run (or at {@link #flush()}). */
    void post(EventExecutor owner, ConnectionHandler connection, ConnectionHandler.PendingReply slot, ShardWork work,
              int protocol) {
        HopBatch batch = open.get(owner);
        if (batch == null) {
            batch = free.poll();
            if (batch == null) {
                batch = new HopBatch(this, home);
            }
            open.put(owner, batch);
        }
        batch.add(connection, slot, work, protocol);
        if (!flushScheduled) {
            flushScheduled = true;
            // A task runs after the I/O of this pass: the hops of every connection read in it travel together.
            home.execute(flushTask);
        }
    }

    /** Home reactor: a batch finished its round trip and can carry the hops of a later pass. */
    void recycle(HopBatch batch) {
        assert home.inEventLoop();
        if (free.size() < MAX_FREE) {
            free.push(batch);
        }
    }

    /** Sends every open batch to its owner now (a command that must follow earlier hops calls this first). */
    void flush() {
        flushScheduled = false;
        if (open.isEmpty()) {
            return;
        }
        for (Map.Entry<EventExecutor, HopBatch> entry : open.entrySet()) {
            HopBatch batch = entry.getValue();
            try {
                entry.getKey().execute(batch);
            } catch (RejectedExecutionException e) {
                sending.add(batch);
            }
        }
        open.clear();
        for (HopBatch refused : sending) {
            refused.refuse();
        }
        sending.clear();
    }
}
