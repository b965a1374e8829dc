package io.kronotop.perf.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small in-test RESP server on 127.0.0.1: decodes RESP arrays and inline commands, answers through a
 * responder (args to the raw reply bytes), counts commands and keys, and can hold replies back for a while
 * so that the client's requests in flight pile up and can be counted.
 */
public final class FakeRespServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Responder responder;
    private final long holdRepliesMs;
    private final Channel serverChannel;
    private final Map<String, AtomicLong> commands = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> keys = new ConcurrentHashMap<>();
    private final AtomicInteger maxPending = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();

    /**
     * @param holdRepliesMs 0 answers at once; otherwise replies are flushed this long after the first
     *                      unanswered request, so every request sent meanwhile is counted as pending
     */
    public FakeRespServer(Function<List<String>, String> responder, long holdRepliesMs) throws InterruptedException {
        this((args, state) -> responder.apply(args), holdRepliesMs);
    }

    /** Answers from the arguments and a mutable per-connection state (e.g. an ASKING flag). */
    @FunctionalInterface
    public interface Responder {
        String reply(List<String> args, Map<String, Object> connectionState);
    }

    public FakeRespServer(Responder responder, long holdRepliesMs) throws InterruptedException {
        this.responder = responder;
        this.holdRepliesMs = holdRepliesMs;
        this.serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Answers PING with PONG, GET with a value, HELLO with a RESP3 map, everything else with OK. */
    public static String redisLike(List<String> args) {
        return switch (args.getFirst().toUpperCase(java.util.Locale.ROOT)) {
            case "PING" -> "+PONG\r\n";
            case "GET", "HGET" -> "$3\r\nbar\r\n";
            case "HELLO" -> "%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n";
            case "ECHO" -> "$" + args.get(1).length() + "\r\n" + args.get(1) + "\r\n";
            case "HSET" -> ":1\r\n";
            default -> "+OK\r\n";
        };
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public long count(String command) {
        AtomicLong n = commands.get(command.toUpperCase(java.util.Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    public long total() {
        return total.get();
    }

    public Map<String, AtomicLong> keys() {
        return keys;
    }

    public int maxPendingPerConnection() {
        return maxPending.get();
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends ByteToMessageDecoder {
        private final Map<String, Object> state = new java.util.HashMap<>();
        private final StringBuilder held = new StringBuilder();
        private int pending;

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (true) {
                List<String> args = parse(in);
                if (args == null) {
                    return;
                }
                String name = args.getFirst().toUpperCase(java.util.Locale.ROOT);
                commands.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
                total.incrementAndGet();
                if (args.size() > 1 && !name.equals("HELLO") && !name.equals("ECHO") && !name.equals("CLUSTER")) {
                    keys.computeIfAbsent(args.get(1), k -> new AtomicLong()).incrementAndGet();
                }
                String reply = responder.reply(args, state);
                if (holdRepliesMs == 0) {
                    ctx.write(ctx.alloc().buffer().writeBytes(reply.getBytes(StandardCharsets.UTF_8)));
                } else {
                    held.append(reply);
                    pending++;
                    maxPending.accumulateAndGet(pending, Math::max);
                    if (pending == 1) {
                        ctx.executor().schedule(() -> release(ctx), holdRepliesMs, TimeUnit.MILLISECONDS);
                    }
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            super.channelReadComplete(ctx);
            ctx.flush();
        }

        private void release(ChannelHandlerContext ctx) {
            pending = 0;
            String replies = held.toString();
            held.setLength(0);
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(replies.getBytes(StandardCharsets.UTF_8)));
        }

        /** One complete command from {@code in}, or null (nothing consumed) when it is not all there yet. */
        private List<String> parse(ByteBuf in) {
            int start = in.readerIndex();
            if (!in.isReadable()) {
                return null;
            }
            if (in.getByte(start) != '*') {
                int lf = in.forEachByte(ByteProcessor.FIND_LF);
                if (lf < 0) {
                    return null;
                }
                String line = in.toString(start, lf - start, StandardCharsets.UTF_8).trim();
                in.readerIndex(lf + 1);
                return List.of(line.split(" "));
            }
            String header = line(in);
            if (header == null) {
                in.readerIndex(start);
                return null;
            }
            int n = Integer.parseInt(header.substring(1));
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String len = line(in);
                if (len == null) {
                    in.readerIndex(start);
                    return null;
                }
                int size = Integer.parseInt(len.substring(1));
                if (in.readableBytes() < size + 2) {
                    in.readerIndex(start);
                    return null;
                }
                args.add(in.toString(in.readerIndex(), size, StandardCharsets.UTF_8));
                in.skipBytes(size + 2);
            }
            return args;
        }

        private String line(ByteBuf in) {
            int lf = in.forEachByte(in.readerIndex(), in.readableBytes(), ByteProcessor.FIND_LF);
            if (lf < 0) {
                return null;
            }
            String s = in.toString(in.readerIndex(), lf - 1 - in.readerIndex(), StandardCharsets.US_ASCII);
            in.readerIndex(lf + 1);
            return s;
        }
    }
}
