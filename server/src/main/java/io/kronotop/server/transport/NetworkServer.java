package io.kronotop.server.transport;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.Dispatcher;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.config.ServerConfig;
import io.kronotop.server.protocol.RespDecoder;
import io.kronotop.server.reactor.OffloadExecutor;
import io.kronotop.server.reactor.Reactors;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Binds the client and admin ports on one group of reactors (one event loop per reactor; a connection
 * stays on the reactor that accepted it) and closes them gracefully.
 */
public final class NetworkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkServer.class);

    private final ServerContext server;
    private final ServerConfig config;
    private final Transport transport;
    private final Reactors reactors;
    private final OffloadExecutor offload;
    private final Dispatcher dispatcher;
    /** Every accepted connection of both ports, so that {@link #close} can wait until each has closed. */
    private final ChannelGroup connections;
    private Channel clientChannel;
    private Channel adminChannel;
    private volatile boolean closed;

    public NetworkServer(ServerContext server, Transport transport, Reactors reactors, OffloadExecutor offload) {
        this.server = server;
        this.config = server.config();
        this.transport = transport;
        this.offload = offload;
        this.dispatcher = new Dispatcher(server);
        this.reactors = reactors;
        this.connections = new DefaultChannelGroup("connections", reactors.get(0));
    }

    /** Binds both ports; throws {@link ServerStartException} with a clear message when one is taken. */
    public void start() {
        clientChannel = bind("client", config.host(), config.port(), server.clientCommands(), false);
        adminChannel = bind("admin", config.adminHost(), config.adminPort(), server.adminCommands(), true);
        server.onBound(transport.name(), port(), adminPort());
    }

    private Channel bind(String what, String host, int port, CommandRegistry registry, boolean admin) {
        InputCounter counter = new InputCounter(server.stats());
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(reactors.group())
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, config.backlog())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            // A client that half-closes after its requests still gets the replies: see ConnectionHandler.
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    EventLoop loop = channel.eventLoop();
                    int index = Math.max(reactors.indexOf(loop), 0);
                    ConnectionHandler handler = new ConnectionHandler(server, dispatcher, registry, offload, admin,
                        index);
                    RespDecoder decoder = new RespDecoder(config.limits(), handler);
                    handler.decoder(decoder);
                    channel.pipeline().addLast("in-bytes", counter).addLast("resp", decoder)
                        .addLast("connection", handler);
                }
            });
        InetSocketAddress address = new InetSocketAddress(host, port);
        ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            if (isBindFailure(cause)) {
                throw new ServerStartException("cannot listen on " + what + " port " + host + ":" + port
                    + ": the address is already in use (is another server running?)", cause);
            }
            throw new ServerStartException("cannot listen on " + what + " port " + host + ":" + port + ": "
                + cause, cause);
        }
        Channel channel = future.channel();
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        LOG.info("{} port listening on {}:{} ({} transport)", what, host, bound, transport.name());
        return channel;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("in use"))) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return ((InetSocketAddress) clientChannel.localAddress()).getPort();
    }

    public int adminPort() {
        return ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    public Transport transport() {
        return transport;
    }

    /**
     * Stops accepting, lets every connection finish the reply being written (up to the grace period), then
     * closes connections and stops the reactors. Blocks; never call it from a reactor thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (clientChannel != null) {
            clientChannel.close().syncUninterruptibly();
        }
        if (adminChannel != null) {
            adminChannel.close().syncUninterruptibly();
        }
        server.clients().snapshot().forEach(c -> c.kill());
        long graceMs = config.shutdownGraceMs();
        // Wait for the connections to close (each after its last reply) while the reactors still run: a
        // connection still open when its reactor terminates never gets channelInactive, so its decoder's
        // buffers leaked. Connections that did not finish within the grace period are closed now.
        if (!connections.newCloseFuture().awaitUninterruptibly(graceMs)) {
            LOG.warn("{} connection(s) still open after {} ms; closing them", connections.size(), graceMs);
        }
        connections.close().awaitUninterruptibly(Math.max(graceMs, 100));
        reactors.shutdown(graceMs);
    }
}
