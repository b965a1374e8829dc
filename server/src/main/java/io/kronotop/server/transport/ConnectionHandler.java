package io.kronotop.server.transport;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.Dispatcher;
import io.kronotop.server.command.MultiState;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RequestSink;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.protocol.RespDecoder;
import io.kronotop.server.reactor.OffloadExecutor;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.session.ClientConnection;
import io.kronotop.server.session.ClientPause;
import io.kronotop.server.session.Monitors;
import io.kronotop.server.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: receives decoded requests from the {@link RespDecoder} in front of it, dispatches
 * them, accumulates the replies of one read batch in a single buffer and flushes it once when the batch
 * ends, or, when a reply of the batch must wait, once that reply is ready. Reactor thread only, except
 * {@link #kill()} and the volatile session fields.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter
    implements RequestSink, CommandContext, ClientConnection, Monitors.Sink, ClientPause.Waiter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    /** Initial capacity of a connection's output buffer, and the largest one a previous flush can suggest. */
    private static final int MIN_OUT = 256;
    private static final int MAX_OUT_HINT = 64 * 1024;
    /** How often a connection reads the wall clock itself rather than deriving it from the monotonic clock. */
    static final long WALL_CLOCK_RECHECK_NS = 100_000_000L;

    private final ServerContext server;
    private final Dispatcher dispatcher;
    private final CommandRegistry registry;
    private final OffloadExecutor offload;
    private RespDecoder decoder;
    private final boolean adminPort;
    private final int reactorIndex;
    private final ReplyWriter reply = new ReplyWriter();

    private ChannelHandlerContext ctx;
    private Session session;
    private ByteBuf out;
    /** Capacity for the next output buffer: the last flush's size rounded up to a power of two. */
    private int outCapacityHint = MIN_OUT;
    private boolean closeAfterReply;
    private boolean closing;
    private boolean registered;
    private final AtomicBoolean killed = new AtomicBoolean();
    /** True while a request is being dispatched: replies then wait for the end of the read batch. */
    private boolean dispatching;
    private long nowMs;
    /** {@link System#nanoTime()} read when the current request arrived; {@link #nowMs} is derived from it. */
    private long requestNs;
    /** The wall clock read at {@link #wallClockNs}: {@link #nowMs} is this plus the monotonic time since. */
    private long wallClockMs;
    private long wallClockNs;
    /** Replies of commands still running on other reactors, in request order; reactor thread only. */
    private final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
    /** A command waiting for every earlier reply (see {@link #afterPending}); the decoder is paused meanwhile. */
    private Consumer<ReplyWriter> deferred;
    private final MultiState multi = new MultiState();
    /** A request CLIENT PAUSE holds back (a copy); the decoder is paused meanwhile. */
    private RespArgs postponed;
    /**
     * Counts the times a request made the connection wait for something that resumes the decoder itself (offload,
     * await, a deferred command, a postponement): a postponed request that does not resumes it on its own.
     */
    private int suspensions;
    /** MONITOR lines offered by any thread, written on this reactor; created by MONITOR. */
    private volatile ConcurrentLinkedQueue<byte[]> monitorLines;
    private final AtomicLong monitorBytes = new AtomicLong();
    private final AtomicBoolean monitorDrainScheduled = new AtomicBoolean();
    private boolean inactive;
    private boolean drainScheduled;
    /** An empty buffer kept for the next reply that must wait behind pending ones (saves an allocation each). */
    private ByteBuf spare;
    /** Whether the reply of the command the connection is suspended on (offload, await, deferred) is dropped. */
    private boolean suspendedMuted;

    /**
     * A reply slot: filled on the connection's reactor when the command's work has finished elsewhere. Its bytes
     * are its own ({@link #bytes}), or for a moment a range of a {@link HopBatch}'s shared buffer
     * ({@link #borrowed}), copied out by {@link #detach} if the slot is not drained before the batch ends.
     */
    static final class PendingReply {
        ByteBuf bytes;
        ByteBuf borrowed;
        int from;
        int length;
        boolean ready;
        /** CLIENT REPLY OFF or SKIP: the reply is dropped instead of written. */
        boolean muted;

        /** Gives the slot its own copy of a borrowed reply; reactor thread only. */
        void detach(ConnectionHandler connection) {
            if (borrowed != null) {
                bytes = connection.alloc().ioBuffer(Math.max(length, 16));
                bytes.writeBytes(borrowed, from, length);
                borrowed = null;
            }
        }

        void release() {
            borrowed = null;
            if (bytes != null) {
                bytes.release();
                bytes = null;
            }
        }
    }

    ConnectionHandler(ServerContext server, Dispatcher dispatcher, CommandRegistry registry, OffloadExecutor offload,
                      boolean adminPort, int reactorIndex) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.registry = registry;
        this.offload = offload;
        this.adminPort = adminPort;
        this.reactorIndex = reactorIndex;
    }

    /** Connects the decoder that feeds this handler; called once, before the channel is active. */
    void decoder(RespDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        session = new Session(server.clients().nextId(), adminPort, (InetSocketAddress) ctx.channel().remoteAddress(),
            (InetSocketAddress) ctx.channel().localAddress(), System.currentTimeMillis(), reactorIndex,
            !server.config().authRequired());
        decoder.unauthenticated(!session.authenticated());
        reply.protocol(2);
        if (server.clients().size() >= server.config().maxClients()) {
            server.stats().connectionsRejected.increment();
            closing = true;
            decoder.pause();
            ByteBuf buf = ctx.alloc().ioBuffer(64);
            reply.target(buf);
            reply.error(RespError.MAX_CLIENTS);
            ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // As in Redis, a connection refused for max clients counts in rejected_connections only.
        server.stats().connectionsReceived.increment();
        server.clients().add(this);
        server.reactorConnections(reactorIndex).incrementAndGet();
        registered = true;
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        if (session != null) {
            session.close();
        }
        if (registered) {
            registered = false;
            server.clients().remove(this);
            server.reactorConnections(reactorIndex).decrementAndGet();
        }
        releaseOut();
        inactive = true;
        for (PendingReply p : pending) {
            p.release();
        }
        pending.clear();
        if (spare != null) {
            spare.release();
            spare = null;
        }
        deferred = null;
        if (postponed != null) {
            postponed = null;
            server.clientPause().forget(this);
            endPostponement();
        }
        multi.end();
        multi.unwatchAll();
        super.channelInactive(ctx);
    }

    @Override
    public void onRequest(ChannelHandlerContext ctx, RespArgs args) {
        if (closing) {
            return;
        }
        readClock();
        session.replyStart();
        // Behind replies still pending elsewhere, this command's reply waits in a slot: the last one when it is
        // already complete (replies of local commands in a row share it), else a new one.
        PendingReply tail = pending.peekLast();
        boolean appendToTail = tail != null && tail.ready && tail.bytes != null;
        ByteBuf slotBuf = pending.isEmpty() || appendToTail ? null : takeSpare();
        ByteBuf target = pending.isEmpty() ? ensureOut() : appendToTail ? tail.bytes : slotBuf;
        int start = target.writerIndex();
        int suspendedBefore = suspensions;
        reply.target(target);
        dispatching = true;
        try {
            dispatcher.dispatch(this, args, reply);
        } finally {
            dispatching = false;
            if (postponed != null) {
                session.replyNotStarted(); // held by CLIENT PAUSE: it starts again when it runs
            } else if (session.replyMuted()) {
                mute(target, start, tail);
            }
            if (suspensions != suspendedBefore) {
                suspendedMuted = postponed == null && session.replyMuted();
            }
            if (slotBuf != null) {
                if (slotBuf.isReadable()) {
                    PendingReply p = new PendingReply();
                    p.bytes = slotBuf;
                    p.ready = true;
                    pending.add(p);
                } else if (spare == null && !inactive) {
                    spare = slotBuf;
                } else {
                    slotBuf.release();
                }
            }
        }
        // AUTH, HELLO ... AUTH and RESET change it; the decoder applies it from the next request on.
        decoder.unauthenticated(!session.authenticated());
        if (closeAfterReply) {
            closing = true;
            decoder.pause();
            flushThenClose();
        }
    }

    /**
     * CLIENT REPLY OFF or SKIP: drops what the command just dispatched wrote from {@code start} in {@code target}, and
     * marks the reply slots it added after {@code tailBefore} (the queue's last slot before it ran) to be dropped.
     */
    private void mute(ByteBuf target, int start, PendingReply tailBefore) {
        if (target.refCnt() > 0 && target.writerIndex() >= start) {
            target.writerIndex(start);
        }
        Iterator<PendingReply> it = pending.descendingIterator();
        while (it.hasNext()) {
            PendingReply p = it.next();
            if (p == tailBefore) {
                break;
            }
            p.muted = true;
        }
    }

    @Override
    public void lookAhead(ByteBuf buf, int[] offsets, int[] lengths, int n) {
        // Pipelined keyspace commands: their key-table lookups' cache misses overlap instead of queueing up.
        RedisShards shards = server.redis();
        if (shards != null) {
            shards.touch(buf, offsets, lengths, n);
        }
    }

    @Override
    public void onProtocolError(ChannelHandlerContext ctx, String message) {
        server.stats().protocolErrors.increment();
        if (closing) {
            return;
        }
        closing = true;
        LOG.debug("protocol error from {}: {}", ctx.channel().remoteAddress(), message);
        session.replyStart();
        if (session.replyMuted()) {
            flushThenClose();
            return;
        }
        ByteBuf buf = ensureOut();
        int start = buf.writerIndex();
        reply.target(buf);
        reply.error("ERR Protocol error: " + message);
        dispatcher.countError(buf, start);
        flushThenClose();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // Replies queued behind a reply that waits (a write's durability, a hop) go out with it, and so do the
        // ready replies ahead of it: one write per batch instead of two. That halves the segments of a pipelined
        // client in sync mode (and its next requests come in fewer, larger reads); Redis with appendfsync always
        // holds every reply of an event-loop round for its fsync in the same way.
        if (pending.isEmpty()) {
            flush();
        }
        super.channelReadComplete(ctx);
    }

    /**
     * The client shut down its sending side (e.g. {@code printf 'PING\r\n' | nc -N}): every request it sent has
     * been decoded and answered by now, unless one is waiting on offloaded work (then, as before and as Redis
     * does for a client that goes away, that reply is dropped). Close once the replies written so far are out.
     * Netty's default (close at end of input, half-closure off) dropped replies whose write was still in
     * flight, which io_uring's asynchronous writes made happen every time.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent && !closing) {
            closing = true;
            flushThenClose();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A client that does not read its replies stops being read from: memory stays bounded.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing connection {} after an I/O error: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private ByteBuf takeSpare() {
        ByteBuf buf = spare;
        if (buf == null) {
            // Local replies behind a hop gather here; room for a few avoids growing (a copy) on the second one.
            return ctx.alloc().ioBuffer(Math.min(outCapacityHint, 1024));
        }
        spare = null;
        buf.clear();
        return buf;
    }

    /** The channel's allocator; any thread (shard reactors allocate hopped replies with it). */
    io.netty.buffer.ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    private ByteBuf ensureOut() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(outCapacityHint);
        }
        return out;
    }

    private void flush() {
        if (out != null && out.isReadable()) {
            ByteBuf buf = out;
            out = null;
            int bytes = buf.readableBytes();
            // The next batch of replies is likely the size of this one: start there rather than grow (and copy).
            outCapacityHint = bytes <= MIN_OUT
                ? MIN_OUT : Math.min(MAX_OUT_HINT, Integer.highestOneBit(bytes - 1) << 1);
            server.stats().netOutputBytes.add(bytes);
            ctx.writeAndFlush(buf, ctx.voidPromise());
        }
    }

    private void flushThenClose() {
        ByteBuf buf = out != null ? out : ctx.alloc().ioBuffer(0);
        out = null;
        server.stats().netOutputBytes.add(buf.readableBytes());
        ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseOut() {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    // ---- CommandContext

    @Override
    public Session session() {
        return session;
    }

    @Override
    public ServerContext server() {
        return server;
    }

    @Override
    public CommandRegistry registry() {
        return registry;
    }

    @Override
    public long nowMs() {
        return nowMs;
    }

    @Override
    public long requestNs() {
        return requestNs;
    }

    /**
     * Reads the clock for a request: one {@link System#nanoTime()}, which also times the command (commandstats), and
     * the wall-clock milliseconds derived from it, the wall clock itself being read again at most every
     * {@link #WALL_CLOCK_RECHECK_NS}. A clock read costs about 40 ns on a virtual machine, a tenth of a small command's
     * whole cost; a wall-clock change shows within that interval, and the two clocks' drift over it is microseconds.
     */
    private void readClock() {
        long ns = System.nanoTime();
        requestNs = ns;
        if (ns - wallClockNs >= WALL_CLOCK_RECHECK_NS || wallClockMs == 0) {
            wallClockMs = System.currentTimeMillis();
            wallClockNs = ns;
            nowMs = wallClockMs;
        } else {
            nowMs = wallClockMs + (ns - wallClockNs) / 1_000_000;
        }
    }

    @Override
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    @Override
    public <T> void offload(Callable<T> work, Completion<T> onDone) {
        try {
            offload.execute(() -> runOffloaded(work, onDone));
        } catch (RejectedExecutionException e) {
            reply.error(RespError.BUSY_OFFLOAD);
            return;
        }
        suspensions++;
        decoder.pause();
    }

    @Override
    public <T> void await(CompletionStage<T> future, Completion<T> onDone) {
        suspensions++;
        decoder.pause();
        // Keep noticing a client that closes while this connection waits (a ZWATCH may wait for ever, and its
        // close releases the watch): the paused decoder buffers at most one read and turns reading off again.
        ctx.channel().config().setAutoRead(true);
        future.whenComplete((result, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            if (ctx.executor().inEventLoop()) {
                completeOffloaded(onDone, result, cause);
            } else {
                ctx.executor().execute(() -> completeOffloaded(onDone, result, cause));
            }
        });
    }

    @Override
    public EventExecutor reactor() {
        return ctx.executor();
    }

    private <T> void runOffloaded(Callable<T> work, Completion<T> onDone) {
        T result = null;
        Throwable failure = null;
        try {
            result = work.call();
        } catch (Throwable t) {
            failure = t;
        }
        T finalResult = result;
        Throwable finalFailure = failure;
        ctx.executor().execute(() -> completeOffloaded(onDone, finalResult, finalFailure));
    }

    private <T> void completeOffloaded(Completion<T> onDone, T result, Throwable failure) {
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean behind = !pending.isEmpty();
        ByteBuf buf = behind ? ctx.alloc().ioBuffer(64) : ensureOut();
        int start = buf.writerIndex();
        reply.target(buf);
        try {
            onDone.complete(result, failure, reply);
        } catch (RuntimeException e) {
            LOG.error("internal error while completing an offloaded command", e);
            buf.writerIndex(start);
            reply.error("ERR internal error, see the server log");
        }
        if (buf.writerIndex() > start) {
            dispatcher.countError(buf, start);
        }
        if (suspendedMuted && !dispatching) {
            // CLIENT REPLY OFF or SKIP; a completion that runs inline, during its own dispatch, is muted by that
            buf.writerIndex(start);
        }
        if (behind) {
            PendingReply p = new PendingReply();
            p.bytes = buf;
            p.ready = true;
            pending.add(p);
            drain();
        }
        if (!dispatching) {
            flush();
        }
        if (!closing) {
            decoder.resume(ctx);
        }
    }

    // ---- shard hops

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public MultiState multi() {
        return multi;
    }

    @Override
    public void runOn(EventExecutor owner, ShardWork work) {
        if (owner.inEventLoop()) {
            // Fast path: the shard is ours; the reply goes where this command's reply goes.
            ByteBuf target = reply.target();
            int start = target.writerIndex();
            CompletionStage<?> stage = work.run(reply);
            work.done();
            if (stage != null && !stage.toCompletableFuture().isDone()) {
                // The reply must wait (durability): move its bytes into a slot that completes with the stage.
                PendingReply p = new PendingReply();
                p.bytes = ctx.alloc().ioBuffer(target.writerIndex() - start);
                p.bytes.writeBytes(target, start, target.writerIndex() - start);
                target.writerIndex(start);
                pending.add(p);
                stage.whenComplete((r, e) -> backOnReactor(p, null, null, e));
            }
            return;
        }
        PendingReply p = new PendingReply();
        pending.add(p);
        HopProxy.of(ctx.executor()).post(owner, this, p, work, reply.protocol());
    }

    /** Home reactor: a hop's reply arrived as a range of its batch's shared buffer (see {@link HopBatch}). */
    void onHopReply(PendingReply slot, ShardWork work, ByteBuf replies, int from, int length) {
        if (inactive) {
            return;
        }
        work.done();
        slot.borrowed = replies;
        slot.from = from;
        slot.length = length;
        slot.ready = true;
    }

    /** Home reactor: after {@link #onHopReply}s, writes what is ready. */
    void drainHops() {
        if (!inactive) {
            drain();
        }
    }

    private static final byte[] NOT_DURABLE = ("-" + RespError.NOT_DURABLE + "\r\n")
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Home reactor: the shard's reactor refused the hop (shutting down). */
    void failHop(PendingReply slot) {
        if (inactive) {
            return;
        }
        ByteBuf saved = reply.target();
        slot.bytes = ctx.alloc().ioBuffer(64);
        reply.target(slot.bytes);
        reply.error(RespError.SHUTTING_DOWN);
        reply.target(saved);
        slot.ready = true;
        drain();
    }

    /**
     * Hands a finished slot back to the connection's reactor; {@code buf} null keeps the slot's own bytes. When the
     * stage the reply waited for failed ({@code failure}: the change could not be made durable), the reply becomes
     * {@link RespError#NOT_DURABLE}.
     */
    void backOnReactor(PendingReply p, ByteBuf buf, ShardWork work, Throwable failure) {
        Runnable finish = () -> {
            if (buf != null) {
                p.bytes = buf;
            }
            if (failure != null && p.bytes != null) {
                p.bytes.clear();
                p.bytes.writeBytes(NOT_DURABLE);
                server.stats().onErrorReply("ERR");
            }
            if (inactive) {
                p.release();
                return;
            }
            if (work != null) {
                work.done();
            }
            p.ready = true;
            drainSoon();
        };
        try {
            ctx.executor().execute(finish);
        } catch (RejectedExecutionException e) {
            if (buf != null) {
                buf.release();
            }
        }
    }

    /**
     * Drains once the reactor has run the completions already queued: a burst of hops that finish together is
     * written with one flush.
     */
    private void drainSoon() {
        if (drainScheduled) {
            return;
        }
        drainScheduled = true;
        ctx.executor().execute(() -> {
            drainScheduled = false;
            if (!inactive) {
                drain();
            }
        });
    }

    /** Writes the ready replies at the head of the queue, then runs a deferred command once none is left. */
    private void drain() {
        while (!pending.isEmpty() && pending.peek().ready) {
            PendingReply p = pending.poll();
            if (p.muted) {
                p.release();
            } else if (p.bytes != null) {
                ensureOut().writeBytes(p.bytes);
                p.bytes.release();
                p.bytes = null;
            } else if (p.borrowed != null) {
                ensureOut().writeBytes(p.borrowed, p.from, p.length);
                p.borrowed = null;
            }
        }
        if (pending.isEmpty() && deferred != null && !closing) {
            Consumer<ReplyWriter> action = deferred;
            deferred = null;
            readClock();
            ByteBuf target = ensureOut();
            int start = target.writerIndex();
            reply.target(target);
            dispatching = true;
            try {
                action.accept(reply);
            } finally {
                dispatching = false;
                if (suspendedMuted) {
                    target.writerIndex(start);
                }
            }
            decoder.resume(ctx);
        }
        if (!dispatching) {
            flush();
        }
    }

    @Override
    public <T> void fanOut(RedisShards shards, FanOut<T> work) {
        int n = shards.count();
        boolean allHere = pending.isEmpty();
        for (int i = 0; i < n && allHere; i++) {
            allHere = shards.shard(i).owner().inEventLoop();
        }
        List<CompletionStage<?>> waits = null;
        List<T> inline = null;
        if (allHere) {
            inline = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                T partial = work.onShard(shards.shard(i));
                inline.add(partial);
                CompletionStage<?> wait = work.awaitBeforeReply(partial);
                if (wait != null && !wait.toCompletableFuture().isDone()) {
                    waits = waits == null ? new ArrayList<>() : waits;
                    waits.add(wait);
                }
            }
            if (waits == null) {
                work.reply(inline, reply);
                return;
            }
        }
        PendingReply p = new PendingReply();
        pending.add(p);
        // Earlier hops still waiting in the outbox must reach their shards before this command does.
        HopProxy.of(ctx.executor()).flush();
        Object[] results = new Object[n];
        int[] remaining = {n};
        Runnable finish = () -> {
            if (inactive) {
                return;
            }
            ByteBuf saved = reply.target();
            ByteBuf buf = ctx.alloc().ioBuffer(64);
            reply.target(buf);
            try {
                @SuppressWarnings("unchecked")
                List<T> list = (List<T>) Arrays.asList(results);
                work.reply(list, reply);
            } finally {
                reply.target(saved);
            }
            p.bytes = buf;
            p.ready = true;
            if (!dispatching) {
                drain();
            }
        };
        if (inline != null) {
            inline.toArray(results);
            CompletableFuture.allOf(waits.stream().map(CompletionStage::toCompletableFuture)
                    .toArray(CompletableFuture<?>[]::new))
                .whenComplete((r, e) -> ctx.executor().execute(finish));
            return;
        }
        for (int i = 0; i < n; i++) {
            int index = i;
            var shard = shards.shard(i);
            if (shard.owner().inEventLoop()) {
                // Our own shards answer now: later requests of this batch run inline on them right after.
                T partial = work.onShard(shard);
                results[index] = partial;
                CompletionStage<?> wait = work.awaitBeforeReply(partial);
                if (wait != null && !wait.toCompletableFuture().isDone()) {
                    wait.whenComplete((r, e) -> ctx.executor().execute(() -> {
                        if (--remaining[0] == 0) {
                            finish.run();
                        }
                    }));
                } else if (--remaining[0] == 0) {
                    finish.run();
                }
                continue;
            }
            shard.owner().execute(() -> {
                T partial = work.onShard(shard);
                Runnable back = () -> ctx.executor().execute(() -> {
                    results[index] = partial;
                    if (--remaining[0] == 0) {
                        finish.run();
                    }
                });
                CompletionStage<?> wait = work.awaitBeforeReply(partial);
                if (wait != null && !wait.toCompletableFuture().isDone()) {
                    wait.whenComplete((r, e) -> back.run());
                } else {
                    back.run();
                }
            });
        }
    }

    @Override
    public void afterPending(Consumer<ReplyWriter> action) {
        if (pending.isEmpty()) {
            action.accept(reply);
            return;
        }
        deferred = action;
        suspensions++;
        decoder.pause();
    }

    // ---- CLIENT PAUSE

    @Override
    public boolean postpone(RespArgs args, boolean changesData) {
        if (!server.clientPause().hold(changesData, this)) {
            return false;
        }
        // the request's bytes belong to the decoder's buffer, which moves on: keep a copy
        postponed = args.copy();
        suspensions++;
        session.postponed(true);
        server.stats().blockedClients.increment();
        decoder.pause();
        // keep noticing a client that closes meanwhile, as await() does: a pause may last long
        ctx.channel().config().setAutoRead(true);
        return true;
    }

    /** Any thread: the pause holding this connection's request has ended. */
    @Override
    public void pauseEnded() {
        try {
            ctx.executor().execute(this::resumePostponed);
        } catch (RejectedExecutionException e) {
            // shutting down: the connection goes with the reactor
        }
    }

    /** Runs the postponed request as if it had just arrived, then the requests buffered behind it. */
    private void resumePostponed() {
        RespArgs args = postponed;
        if (args == null) {
            return; // closed meanwhile
        }
        postponed = null;
        endPostponement();
        if (closing) {
            return;
        }
        int before = suspensions;
        onRequest(ctx, args);
        if (suspensions == before && !closing) {
            decoder.resume(ctx);
        }
        if (pending.isEmpty() && !closing) {
            flush();
        }
    }

    private void endPostponement() {
        session.postponed(false);
        server.stats().blockedClients.decrement();
    }

    // ---- MONITOR

    @Override
    public Monitors.Sink monitorSink() {
        if (monitorLines == null) {
            monitorLines = new ConcurrentLinkedQueue<>();
        }
        return this;
    }

    /** Any thread: queues a MONITOR line, to be written on this reactor; a monitor too far behind is closed. */
    @Override
    public void offer(byte[] line) {
        ConcurrentLinkedQueue<byte[]> lines = monitorLines;
        if (lines == null || killed.get()) {
            return;
        }
        if (monitorBytes.addAndGet(line.length) > server.monitorMaxOutputBytes()) {
            dropSlowMonitor();
            return;
        }
        lines.add(line);
        if (monitorDrainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drainMonitor);
        }
    }

    private void drainMonitor() {
        monitorDrainScheduled.set(false);
        ConcurrentLinkedQueue<byte[]> lines = monitorLines;
        if (closing || inactive) {
            lines.clear();
            return;
        }
        ByteBuf buf = ensureOut();
        long bytes = 0;
        byte[] line;
        while ((line = lines.poll()) != null) {
            buf.writeBytes(line);
            bytes += line.length;
        }
        monitorBytes.addAndGet(-bytes);
        if (pending.isEmpty()) {
            flush();
        }
        // what the client has not read yet counts too: the lines wait in the channel's outbound buffer
        io.netty.channel.ChannelOutboundBuffer outbound = ctx.channel().unsafe().outboundBuffer();
        if (outbound != null && outbound.totalPendingWriteBytes() > server.monitorMaxOutputBytes()) {
            dropSlowMonitor();
        }
    }

    private void dropSlowMonitor() {
        if (!killed.get()) {
            LOG.warn("closing MONITOR client id={} addr={}: more than {} bytes of lines waiting to be sent "
                + "(server.monitor.max_output_bytes)", session.id(), session.remote(), server.monitorMaxOutputBytes());
            kill();
        }
    }

    // ---- ClientConnection

    @Override
    public int multiLength() {
        return multi.queuedCount();
    }

    @Override
    public int watchCount() {
        return multi.watchCount();
    }

    @Override
    public int pendingInputBytes() {
        // Read from any thread for CLIENT LIST: a diagnostic that may be a moment stale.
        RespDecoder d = decoder;
        return d == null ? 0 : d.bufferedBytes();
    }

    @Override
    public void kill() {
        if (ctx != null && killed.compareAndSet(false, true)) {
            // Leave the registry at once, as Redis frees a killed client: a CLIENT LIST or CLIENT KILL that
            // follows must not see it (nor count it killed twice) while its close is still queued.
            server.clients().remove(this);
            ctx.executor().execute(() -> {
                closing = true;
                flushThenClose();
            });
        }
    }
}
