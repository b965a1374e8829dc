package io.kronotop.server.transport;

import io.kronotop.server.command.CommandContext.ShardWork;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * The hops one reactor sends one owner in one pass (see {@link HopProxy}). It travels as a task: first run on the
 * owner, where every command runs and encodes its reply into one shared buffer; then run back on the home reactor,
 * where each reply takes its slot and each connection drains. A reply that waits for a stage (durability) leaves
 * the batch and comes back on its own. Owned by one thread at a time: filled on home, run on the owner, finished
 * on home, each step handing it over through the executor's queue. Once finished it goes back to its proxy's
 * free list, so a busy reactor does not allocate a batch and its arrays for every pass.
 */
final class HopBatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HopBatch.class);
    private static final int INITIAL_HOPS = 16;
    /** Replies waiting for a stage have no range in the shared buffer. */
    private static final int DETACHED = -1;

    /** The writer shard reactors encode hopped replies with. */
    private static final FastThreadLocal<ReplyWriter> SHARD_WRITER = new FastThreadLocal<>() {
        @Override
        protected ReplyWriter initialValue() {
            return new ReplyWriter();
        }
    };

    private final HopProxy proxy;
    private final EventExecutor home;
    private ConnectionHandler[] connections = new ConnectionHandler[INITIAL_HOPS];
    private ConnectionHandler.PendingReply[] slots = new ConnectionHandler.PendingReply[INITIAL_HOPS];
    private ShardWork[] works = new ShardWork[INITIAL_HOPS];
    private byte[] protocols = new byte[INITIAL_HOPS];
    /** End of each reply in {@link #replies} (its start is the previous end), or {@link #DETACHED}. */
    private int[] ends = new int[INITIAL_HOPS];
    private int size;
    private ByteBuf replies;
    /** Reply bytes per hop in this batch's last run, so that its shared buffer starts large enough. */
    private int bytesPerReply = 32;
    private boolean ran;

    HopBatch(HopProxy proxy, EventExecutor home) {
        this.proxy = proxy;
        this.home = home;
    }

    void add(ConnectionHandler connection, ConnectionHandler.PendingReply slot, ShardWork work, int protocol) {
        if (size == works.length) {
            int capacity = size << 1;
            connections = Arrays.copyOf(connections, capacity);
            slots = Arrays.copyOf(slots, capacity);
            works = Arrays.copyOf(works, capacity);
            protocols = Arrays.copyOf(protocols, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        connections[size] = connection;
        slots[size] = slot;
        works[size] = work;
        protocols[size] = (byte) protocol;
        size++;
    }

    @Override
    public void run() {
        if (!ran) {
            ran = true;
            runOnOwner();
        } else {
            finishAtHome();
        }
    }

    /** On the owner: runs each command, its reply appended to the shared buffer, then goes home. */
    private void runOnOwner() {
        ReplyWriter w = SHARD_WRITER.get();
        replies = connections[0].alloc().ioBuffer(size * bytesPerReply);
        int start = 0;
        for (int i = 0; i < size; i++) {
            w.protocol(protocols[i]);
            w.target(replies);
            CompletionStage<?> stage;
            try {
                stage = works[i].run(w);
            } catch (RuntimeException | AssertionError e) {
                LOG.error("internal error on a shard reactor", e);
                replies.writerIndex(start);
                w.error(RespError.INTERNAL);
                stage = null;
            } finally {
                w.target(null);
            }
            if (stage != null && !stage.toCompletableFuture().isDone()) {
                // The reply waits for its changes to be durable: it leaves the batch with its own bytes.
                int length = replies.writerIndex() - start;
                ByteBuf own = connections[i].alloc().ioBuffer(Math.max(length, 16));
                own.writeBytes(replies, start, length);
                replies.writerIndex(start);
                ends[i] = DETACHED;
                ConnectionHandler connection = connections[i];
                ConnectionHandler.PendingReply slot = slots[i];
                ShardWork work = works[i];
                stage.whenComplete((r, e) -> connection.backOnReactor(slot, own, work, e));
            } else {
                ends[i] = replies.writerIndex();
                start = ends[i];
            }
        }
        bytesPerReply = Math.clamp(replies.writerIndex() / size + 8, 16, 1024);
        try {
            home.execute(this);
        } catch (RejectedExecutionException e) {
            replies.release();
            replies = null;
        }
    }

    /** Home again: every reply takes its slot, each connection drains once, then the shared buffer goes. */
    private void finishAtHome() {
        try {
            int start = 0;
            for (int i = 0; i < size; i++) {
                if (ends[i] == DETACHED) {
                    continue;
                }
                connections[i].onHopReply(slots[i], works[i], replies, start, ends[i] - start);
                start = ends[i];
            }
            ConnectionHandler last = null;
            for (int i = 0; i < size; i++) {
                if (connections[i] != last && ends[i] != DETACHED) {
                    last = connections[i];
                    last.drainHops();
                }
            }
            // Replies still behind a slow one keep their bytes: copy them out of the shared buffer.
            for (int i = 0; i < size; i++) {
                slots[i].detach(connections[i]);
            }
        } finally {
            replies.release();
            replies = null;
            recycle();
        }
    }

    /** The owner refused the batch (shutting down): every command gets an error. */
    void refuse() {
        try {
            for (int i = 0; i < size; i++) {
                connections[i].failHop(slots[i]);
            }
        } finally {
            recycle();
        }
    }

    /** Home: forgets this pass's hops and returns to the proxy for reuse. */
    private void recycle() {
        Arrays.fill(connections, 0, size, null);
        Arrays.fill(slots, 0, size, null);
        Arrays.fill(works, 0, size, null);
        size = 0;
        ran = false;
        proxy.recycle(this);
    }
}
