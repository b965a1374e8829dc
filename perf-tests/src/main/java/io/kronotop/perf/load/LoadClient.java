package io.kronotop.perf.load;

import io.kronotop.perf.cluster.NodeAddress;
import io.kronotop.perf.cluster.SlotHash;
import io.kronotop.perf.cluster.SlotTable;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One virtual client: a command mix, a key generator and at most {@code pipeline} requests in flight,
 * over one connection (or, in cluster mode, one connection per node it has met). Closed loop: a reply
 * frees a slot that is refilled after the read batch. Open loop: requests are due at a fixed rate and
 * their latency counts from when they were due.
 *
 * <p>Owner: its event-loop thread. Only the constructor and {@link #connectAll()} run elsewhere, before
 * any of its channels is registered.
 */
final class LoadClient {
    private static final int MAX_REDIRECTS = 5;
    private static final byte[] HELLO_3 = "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASKING = "*1\r\n$6\r\nASKING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final LoadConfig config;
    private final CommandTemplate[] templates;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final LoopStats stats;
    private final SlotTable slots;
    private final CommandMix mix;
    private final KeyGenerator keys;
    private final SplittableRandom sizeRandom;
    private final byte[] data;
    private final byte[] keyBuf;
    private final int prefixLength;
    private final byte[] scratch = new byte[24];
    private final boolean countMode;
    private final boolean openLoop;
    private final double intervalNs;
    private final long phaseNs;
    private final Runnable onDone;
    private final Runnable timerTask = this::onTimer;
    private ClientConnection[] connections = new ClientConnection[1];
    private long budget;
    private long startNs;
    private long measureStartNs;
    private long deadlineNs;
    private long issued;
    private int outstanding;
    private boolean started;
    private boolean stopping;
    private boolean closing;
    private boolean done;
    private boolean timerPending;
    private boolean failed;

    LoadClient(LoadConfig config, int clientIndex, EventLoop loop, Class<? extends SocketChannel> channelClass,
            LoopStats stats, SlotTable slots, byte[] data, long budget, Runnable onDone) {
        this.config = config;
        this.templates = config.commands().toArray(new CommandTemplate[0]);
        this.loop = loop;
        this.channelClass = channelClass;
        this.stats = stats;
        this.slots = slots;
        this.mix = new CommandMix(config.weights());
        this.keys = new KeyGenerator(config.keyPattern(), config.keyMin(), config.keyMax(), config.seed(),
                clientIndex, config.clientCount());
        this.sizeRandom = new SplittableRandom(config.seed() * 17 + clientIndex);
        this.data = data;
        byte[] prefix = config.keyPrefix().getBytes(StandardCharsets.UTF_8);
        this.keyBuf = Arrays.copyOf(prefix, prefix.length + 20);
        this.prefixLength = prefix.length;
        this.countMode = config.requests() > 0;
        this.budget = budget;
        this.openLoop = config.targetOpsPerSec() > 0;
        this.intervalNs = openLoop ? 1e9 * config.clientCount() / config.targetOpsPerSec() : 0;
        this.phaseNs = openLoop ? (long) (intervalNs * clientIndex / config.clientCount()) : 0;
        this.onDone = onDone;
    }

    /** Opens the connections known up front (one, or one per cluster node). Called before start. */
    List<ChannelFuture> connectAll() {
        List<ChannelFuture> futures = new ArrayList<>();
        int nodes = slots == null ? 1 : slots.nodeCount();
        connections = new ClientConnection[nodes];
        for (int n = 0; n < nodes; n++) {
            futures.add(open(n));
        }
        return futures;
    }

    private ChannelFuture open(int nodeIndex) {
        NodeAddress address = slots == null ? new NodeAddress(config.host(), config.port()) : slots.node(nodeIndex);
        ClientConnection connection = new ClientConnection(this, nodeIndex, config.pipeline());
        if (nodeIndex >= connections.length) {
            connections = Arrays.copyOf(connections, nodeIndex + 1);
        }
        connections[nodeIndex] = connection;
        if (config.protocol() == 3) {
            connection.out().writeBytes(HELLO_3);
            connection.enqueue(0, 0, 0, 0, 0, ClientConnection.FLAG_INTERNAL, 0);
        }
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(connection)
                .connect(address.host(), address.port());
    }

    /** Starts sending. Event-loop thread. */
    void start(long startAtNs, long measureStartAtNs, long deadlineAtNs) {
        startNs = startAtNs;
        measureStartNs = measureStartAtNs;
        deadlineNs = deadlineAtNs;
        started = true;
        if (!countMode) {
            long delay = deadlineNs - System.nanoTime();
            loop.schedule(this::fill, Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
        fill();
    }

    /** Stops issuing requests; in-flight ones are still awaited. Event-loop thread. */
    void stop() {
        stopping = true;
        maybeDone(System.nanoTime());
    }

    /** Closes every connection. Event-loop thread. */
    void closeAll() {
        closing = true;
        for (ClientConnection c : connections) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Runs {@code task} on this client's event loop. */
    void loopExecute(Runnable task) {
        loop.execute(task);
    }

    boolean failed() {
        return failed;
    }

    int maxInFlight() {
        int max = 0;
        for (ClientConnection c : connections) {
            if (c != null) {
                max = Math.max(max, c.maxInFlight());
            }
        }
        return max;
    }

    void onReadComplete() {
        fill();
    }

    void onCompleted(int command, long sentNs, long intendedNs, byte flags, String error) {
        outstanding--;
        if ((flags & ClientConnection.FLAG_MEASURED) != 0) {
            long now = System.nanoTime();
            stats.record(command, now - intendedNs, now - sentNs, now);
            if (error != null) {
                stats.onError(error);
            }
        }
    }

    void onRedirect(String message, int command, long key, int valueSize, long sentNs, long intendedNs, byte flags,
            int redirected) {
        boolean ask = message.startsWith("ASK ");
        String[] parts = message.split(" ");
        if (slots == null || parts.length < 3 || redirected >= MAX_REDIRECTS) {
            onCompleted(command, sentNs, intendedNs, flags, message);
            return;
        }
        int slot = Integer.parseInt(parts[1]);
        NodeAddress target = NodeAddress.parse(parts[2]);
        int node = ask ? slots.indexOf(target) : slots.onMoved(slot, target);
        if (ask) {
            stats.asks++;
        } else {
            stats.moved++;
        }
        ClientConnection connection = connection(node);
        if (ask) {
            connection.out().writeBytes(ASKING);
            connection.enqueue(0, 0, 0, 0, 0, ClientConnection.FLAG_INTERNAL, 0);
        }
        int keyLength = formatKey(key);
        templates[command].encode(connection.out(), keyBuf, keyLength, data, valueSize, scratch);
        connection.enqueue(command, key, valueSize, sentNs, intendedNs, flags, redirected + 1);
    }

    void onInternalError(String message) {
        stats.onProblem("setup: " + message);
    }

    void onPush() {
        stats.pushes++;
    }

    void onConnectionError(String message) {
        if (!closing) {
            stats.onProblem("connection: " + message);
        }
    }

    void onConnectionLost(ClientConnection connection) {
        int lost = connection.abandonInFlight();
        outstanding -= lost;
        if (!closing) {
            failed = true;
            stopping = true;
            stats.onProblem("connection to node " + connection.nodeIndex() + " lost with " + lost + " in flight");
            maybeDone(System.nanoTime());
        }
    }

    private void onTimer() {
        timerPending = false;
        fill();
    }

    private void fill() {
        if (!started || done) {
            return;
        }
        long now = System.nanoTime();
        int pipeline = config.pipeline();
        while (outstanding < pipeline && !stopping) {
            long intended = openLoop ? startNs + phaseNs + (long) (issued * intervalNs) : now;
            if (openLoop && intended > now) {
                if (!timerPending) {
                    timerPending = true;
                    loop.schedule(timerTask, intended - now, TimeUnit.NANOSECONDS);
                }
                break;
            }
            boolean measured = intended >= measureStartNs;
            if (measured && (countMode ? budget == 0 : intended >= deadlineNs)) {
                break;
            }
            send(now, intended, measured);
        }
        for (ClientConnection c : connections) {
            if (c != null) {
                c.flush();
            }
        }
        maybeDone(now);
    }

    private void send(long now, long intended, boolean measured) {
        int command = mix.next();
        CommandTemplate template = templates[command];
        long key = template.hasKey() ? keys.next() : 0;
        int valueSize = template.hasData() ? nextValueSize() : 0;
        int keyLength = template.hasKey() ? formatKey(key) : 0;
        ClientConnection connection = route(template, keyLength);
        template.encode(connection.out(), keyBuf, keyLength, data, valueSize, scratch);
        byte flags = 0;
        if (measured) {
            flags = ClientConnection.FLAG_MEASURED;
            budget--;
        }
        connection.enqueue(command, key, valueSize, now, intended, flags, 0);
        outstanding++;
        issued++;
    }

    private ClientConnection route(CommandTemplate template, int keyLength) {
        if (slots == null) {
            return connections[0];
        }
        int slot = template.hasKey() ? SlotHash.slot(keyBuf, keyLength) : 0;
        return connection(slots.nodeOfSlot(slot));
    }

    private ClientConnection connection(int node) {
        if (node >= connections.length || connections[node] == null) {
            ChannelFuture future = open(node);
            ClientConnection opened = connections[node];
            future.addListener(f -> {
                if (!f.isSuccess()) {
                    onConnectionError("connect to " + slots.node(node) + ": " + f.cause());
                    onConnectionLost(opened);
                    opened.close(); // never active: releases the requests queued for it
                }
            });
        }
        return connections[node];
    }

    private int nextValueSize() {
        int min = config.valueSizeMin();
        int max = config.valueSizeMax();
        return min == max ? min : min + sizeRandom.nextInt(max - min + 1);
    }

    private int formatKey(long key) {
        return CommandTemplate.formatDecimal(key, keyBuf, prefixLength, config.keyDigits());
    }

    private void maybeDone(long now) {
        if (done || outstanding > 0) {
            return;
        }
        boolean finished = stopping
                || (countMode ? budget == 0 && now >= measureStartNs : now >= deadlineNs);
        if (finished) {
            done = true;
            onDone.run();
        }
    }
}
