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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection: receives decoded requests from the {@link RespDecoder} in front of it, dispatches
 * them, accumulates the replies of one read batch in a single buffer and flushes it once when the batch
 * ends. Reactor thread only, except {@link #kill()} and the volatile session fields.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter
    implements RequestSink, CommandContext, ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

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
    private boolean closeAfterReply;
    private boolean closing;
    private boolean registered;
    private final AtomicBoolean killed = new AtomicBoolean();
    /** True while a request is being dispatched: replies then wait for the end of the read batch. */
    private boolean dispatching;
    private long nowMs;
    /** Replies of commands still running on other reactors, in request order; reactor thread only. */
    private final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
    /** A command waiting for every earlier reply (see {@link #afterPending}); the decoder is paused meanwhile. */
    private Consumer<ReplyWriter> deferred;
    private final MultiState multi = new MultiState();
    private boolean inactive;
    private boolean drainScheduled;
    private boolean outboxScheduled;
    private final java.util.Map<EventExecutor, List<Hop>> outbox = new java.util.IdentityHashMap<>(4);

    /** A reply slot: filled on the connection's reactor when the command's work has finished elsewhere. */
    private static final class PendingReply {
        ByteBuf bytes;
        boolean ready;
    }

    /** The writer shard reactors encode hopped replies with. */
    private static final FastThreadLocal<ReplyWriter> SHARD_WRITER = new FastThreadLocal<>() {
        @Override
        protected ReplyWriter initialValue() {
            return new ReplyWriter();
        }
    };

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
            if (p.bytes != null) {
                p.bytes.release();
                p.bytes = null;
            }
        }
        pending.clear();
        deferred = null;
        multi.end();
        multi.unwatchAll();
        super.channelInactive(ctx);
    }

    @Override
    public void onRequest(ChannelHandlerContext ctx, RespArgs args) {
        if (closing) {
            return;
        }
        nowMs = System.currentTimeMillis();
        // Behind replies still pending elsewhere, this command's reply waits in a slot: the last one when it is
        // already complete (replies of local commands in a row share it), else a new one.
        PendingReply tail = pending.peekLast();
        boolean appendToTail = tail != null && tail.ready && tail.bytes != null;
        ByteBuf slotBuf = pending.isEmpty() || appendToTail ? null : ctx.alloc().ioBuffer(64);
        reply.target(pending.isEmpty() ? ensureOut() : appendToTail ? tail.bytes : slotBuf);
        dispatching = true;
        try {
            dispatcher.dispatch(this, args, reply);
        } finally {
            dispatching = false;
            if (slotBuf != null) {
                if (slotBuf.isReadable()) {
                    PendingReply p = new PendingReply();
                    p.bytes = slotBuf;
                    p.ready = true;
                    pending.add(p);
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

    @Override
    public void onProtocolError(ChannelHandlerContext ctx, String message) {
        server.stats().protocolErrors.increment();
        if (closing) {
            return;
        }
        closing = true;
        LOG.debug("protocol error from {}: {}", ctx.channel().remoteAddress(), message);
        ByteBuf buf = ensureOut();
        int start = buf.writerIndex();
        reply.target(buf);
        reply.error("ERR Protocol error: " + message);
        dispatcher.countError(buf, start);
        flushThenClose();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        flush();
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

    private ByteBuf ensureOut() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(256);
        }
        return out;
    }

    private void flush() {
        if (out != null && out.isReadable()) {
            ByteBuf buf = out;
            out = null;
            server.stats().netOutputBytes.add(buf.readableBytes());
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
        decoder.pause();
    }

    @Override
    public <T> void await(CompletionStage<T> future, Completion<T> onDone) {
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
                stage.whenComplete((r, e) -> backOnReactor(p, null, null));
            }
            return;
        }
        PendingReply p = new PendingReply();
        pending.add(p);
        // Hops to one owner collected during this pass of the reactor travel together: one task there, one back.
        List<Hop> box = outbox.get(owner);
        if (box == null) {
            box = new ArrayList<>();
            outbox.put(owner, box);
        }
        box.add(new Hop(p, work, reply.protocol()));
        if (!outboxScheduled) {
            outboxScheduled = true;
            ctx.executor().execute(this::sendOutbox);
        }
    }

    /** A command on its way to a shard's reactor: its reply slot, its work, the protocol to encode in. */
    private record Hop(PendingReply slot, ShardWork work, int protocol) {
    }

    private void sendOutbox() {
        outboxScheduled = false;
        for (var entry : outbox.entrySet()) {
            List<Hop> box = entry.getValue();
            if (box.isEmpty()) {
                continue;
            }
            List<Hop> batch = new ArrayList<>(box);
            box.clear();
            try {
                entry.getKey().execute(() -> runBatch(batch));
            } catch (RejectedExecutionException e) {
                for (Hop hop : batch) {
                    hop.slot().bytes = ctx.alloc().ioBuffer(64);
                    reply.target(hop.slot().bytes);
                    reply.error(RespError.SHUTTING_DOWN);
                    hop.slot().ready = true;
                }
                drain();
            }
        }
    }

    /** On the owner: runs a batch of hops; the replies that may go at once return in one task. */
    private void runBatch(List<Hop> batch) {
        ReplyWriter w = SHARD_WRITER.get();
        ByteBuf[] buffers = new ByteBuf[batch.size()];
        boolean[] waiting = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Hop hop = batch.get(i);
            ByteBuf buf = ctx.alloc().ioBuffer(64);
            w.protocol(hop.protocol());
            w.target(buf);
            CompletionStage<?> stage;
            try {
                stage = hop.work().run(w);
            } catch (RuntimeException | AssertionError e) {
                LOG.error("internal error on a shard reactor", e);
                buf.clear();
                w.error(RespError.INTERNAL);
                stage = null;
            } finally {
                w.target(null);
            }
            if (stage != null && !stage.toCompletableFuture().isDone()) {
                waiting[i] = true;
                stage.whenComplete((r, e) -> backOnReactor(hop.slot(), buf, hop.work()));
            } else {
                buffers[i] = buf;
            }
        }
        Runnable back = () -> {
            for (int i = 0; i < buffers.length; i++) {
                if (waiting[i]) {
                    continue;
                }
                if (inactive) {
                    buffers[i].release();
                    continue;
                }
                Hop hop = batch.get(i);
                hop.slot().bytes = buffers[i];
                hop.work().done();
                hop.slot().ready = true;
            }
            if (!inactive) {
                drain();
            }
        };
        try {
            ctx.executor().execute(back);
        } catch (RejectedExecutionException e) {
            for (ByteBuf b : buffers) {
                if (b != null) {
                    b.release();
                }
            }
        }
    }

    /** Hands a finished slot back to the connection's reactor; {@code buf} null keeps the slot's own bytes. */
    private void backOnReactor(PendingReply p, ByteBuf buf, ShardWork work) {
        Runnable finish = () -> {
            if (buf != null) {
                p.bytes = buf;
            }
            if (inactive) {
                if (p.bytes != null) {
                    p.bytes.release();
                    p.bytes = null;
                }
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
            if (p.bytes != null) {
                ensureOut().writeBytes(p.bytes);
                p.bytes.release();
                p.bytes = null;
            }
        }
        if (pending.isEmpty() && deferred != null && !closing) {
            Consumer<ReplyWriter> action = deferred;
            deferred = null;
            nowMs = System.currentTimeMillis();
            reply.target(ensureOut());
            dispatching = true;
            try {
                action.accept(reply);
            } finally {
                dispatching = false;
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
        if (allHere) {
            List<T> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(work.onShard(shards.shard(i)));
            }
            work.reply(results, reply);
            return;
        }
        PendingReply p = new PendingReply();
        pending.add(p);
        // Earlier hops still waiting in the outbox must reach their shards before this command does.
        if (outboxScheduled) {
            sendOutbox();
        }
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
        for (int i = 0; i < n; i++) {
            int index = i;
            var shard = shards.shard(i);
            if (shard.owner().inEventLoop()) {
                // Our own shards answer now: later requests of this batch run inline on them right after.
                results[index] = work.onShard(shard);
                if (--remaining[0] == 0) {
                    finish.run();
                }
                continue;
            }
            shard.owner().execute(() -> {
                T partial = work.onShard(shard);
                ctx.executor().execute(() -> {
                    results[index] = partial;
                    if (--remaining[0] == 0) {
                        finish.run();
                    }
                });
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
        decoder.pause();
    }

    // ---- ClientConnection

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
