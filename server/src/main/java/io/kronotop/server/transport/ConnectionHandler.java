package io.kronotop.server.transport;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.Dispatcher;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RequestSink;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.protocol.RespDecoder;
import io.kronotop.server.reactor.OffloadExecutor;
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

import java.util.concurrent.Callable;
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
        super.channelInactive(ctx);
    }

    @Override
    public void onRequest(ChannelHandlerContext ctx, RespArgs args) {
        if (closing) {
            return;
        }
        nowMs = System.currentTimeMillis();
        reply.target(ensureOut());
        dispatching = true;
        try {
            dispatcher.dispatch(this, args, reply);
        } finally {
            dispatching = false;
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
        ByteBuf buf = ensureOut();
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
        if (!dispatching) {
            flush();
        }
        if (!closing) {
            decoder.resume(ctx);
        }
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
