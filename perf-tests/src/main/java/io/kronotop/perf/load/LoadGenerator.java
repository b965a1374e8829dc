package io.kronotop.perf.load;

import io.kronotop.perf.cluster.NodeAddress;
import io.kronotop.perf.cluster.SlotTable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs one load: {@code threads} event loops, each with {@code connectionsPerThread} clients, all
 * connected before the clock starts. {@link #run()} blocks until every client is done (or the safety
 * timeout passes), then closes everything and merges the per-loop histograms.
 *
 * <p>{@link #stop()} may be called from any thread (e.g. a shutdown hook): clients stop issuing, in-flight
 * requests are awaited, and {@link #run()} returns the partial result.
 */
public final class LoadGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long GRACE_NS = TimeUnit.SECONDS.toNanos(10);
    /** A count-bounded run stops after this long even if requests remain. */
    private static final long MAX_COUNT_RUN_NS = TimeUnit.MINUTES.toNanos(10);

    private final LoadConfig config;
    /** Written by the thread in {@link #run()}, read by {@link #stop()} from any thread. */
    private final List<LoadClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;
    private volatile MultiThreadIoEventLoopGroup group;
    private int maxInFlight;

    public LoadGenerator(LoadConfig config) {
        this.config = config;
    }

    /** Runs the load and returns its result. May be called once. */
    public LoadResult run() throws IOException, InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends SocketChannel> channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        LOG.debug("transport {}", epoll ? "epoll" : "nio");
        SlotTable seedTable = config.cluster()
                ? SlotTable.discover(new NodeAddress(config.host(), config.port()),
                        (int) config.connectTimeout().toMillis())
                : null;
        byte[] data = randomData(config.valueSizeMax(), config.seed());
        int clientCount = config.clientCount();
        CountDownLatch done = new CountDownLatch(clientCount);
        MultiThreadIoEventLoopGroup loops = new MultiThreadIoEventLoopGroup(config.threads(),
                threadFactory(config.cpus()), factory);
        group = loops;
        List<LoopStats> stats = new ArrayList<>();
        boolean complete = true;
        long measureFromNs = 0;
        try {
            List<ChannelFuture> connects = new ArrayList<>();
            int index = 0;
            for (int t = 0; t < config.threads(); t++) {
                EventLoop loop = loops.next();
                LoopStats loopStats = new LoopStats(config.commands().size());
                stats.add(loopStats);
                SlotTable table = seedTable == null ? null : seedTable.copy();
                for (int c = 0; c < config.connectionsPerThread(); c++) {
                    long budget = config.requests() / clientCount + (index < config.requests() % clientCount ? 1 : 0);
                    LoadClient client = new LoadClient(config, index, loop, channelClass, loopStats, table, data,
                            budget, done::countDown);
                    clients.add(client);
                    connects.addAll(client.connectAll());
                    index++;
                }
            }
            for (ChannelFuture f : connects) {
                if (!f.await(config.connectTimeout().toMillis() + 1000) || !f.isSuccess()) {
                    throw new IOException("cannot connect to " + config.host() + ":" + config.port() + ": "
                            + (f.cause() == null ? "timeout" : f.cause().getMessage()), f.cause());
                }
            }
            long startNs = System.nanoTime();
            long measureStartNs = startNs + config.warmup().toNanos();
            measureFromNs = measureStartNs;
            long deadlineNs = config.requests() > 0 ? Long.MAX_VALUE : measureStartNs + config.testTime().toNanos();
            for (LoadClient client : clients) {
                client.loopExecute(() -> client.start(startNs, measureStartNs, deadlineNs));
            }
            if (stopRequested) {
                stop();
            }
            long waitNs = config.requests() > 0 ? config.warmup().toNanos() + MAX_COUNT_RUN_NS
                    : deadlineNs - startNs + GRACE_NS;
            if (!done.await(waitNs, TimeUnit.NANOSECONDS)) {
                LOG.warn("load did not finish in time; {} of {} clients still busy", done.getCount(), clientCount);
                complete = false;
            }
        } finally {
            for (LoadClient client : clients) {
                client.loopExecute(client::closeAll);
            }
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (!loops.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("event loops did not terminate");
            }
        }
        for (LoadClient client : clients) {
            complete &= !client.failed();
            maxInFlight = Math.max(maxInFlight, client.maxInFlight());
        }
        return merge(stats, complete, measureFromNs);
    }

    /** Event-loop threads, each pinning itself to {@code cpus} first when the list is not empty. */
    private static ThreadFactory threadFactory(List<Integer> cpus) {
        ThreadFactory base = new DefaultThreadFactory("perf-load", true);
        if (cpus.isEmpty()) {
            return base;
        }
        return task -> base.newThread(() -> {
            CpuAffinity.pinCurrentThread(cpus);
            task.run();
        });
    }

    /** Asks every client to stop issuing requests; safe from any thread, idempotent. */
    public void stop() {
        stopRequested = true;
        MultiThreadIoEventLoopGroup loops = group;
        if (loops == null) {
            return;
        }
        for (LoadClient client : clients) {
            try {
                client.loopExecute(client::stop);
            } catch (java.util.concurrent.RejectedExecutionException finished) {
                return; // the run is over and its loops are gone: nothing left to stop
            }
        }
    }

    /** After {@link #run()}: the most requests any single connection had in flight. */
    public int maxInFlightPerConnection() {
        return maxInFlight;
    }

    /** Merges the loops' statistics; the measured time runs from the start of measurement to the last reply. */
    private LoadResult merge(List<LoopStats> stats, boolean complete, long measureStartNs) {
        Histogram latency = LoopStats.newHistogram();
        Histogram service = LoopStats.newHistogram();
        Map<String, Histogram> perCommand = new LinkedHashMap<>();
        Map<String, Long> perCommandCount = new LinkedHashMap<>();
        Map<String, Long> errorSamples = new LinkedHashMap<>();
        long errors = 0;
        long moved = 0;
        long asks = 0;
        long last = Long.MIN_VALUE;
        for (LoopStats s : stats) {
            latency.add(s.latency);
            service.add(s.serviceLatency);
            for (int i = 0; i < config.commands().size(); i++) {
                String name = config.commands().get(i).name();
                perCommand.computeIfAbsent(name, n -> LoopStats.newHistogram()).add(s.perCommand[i]);
                perCommandCount.merge(name, s.completedPerCommand[i], Long::sum);
            }
            s.errorSamples.forEach((k, v) -> errorSamples.merge(k, v, Long::sum));
            errors += s.errors;
            moved += s.moved;
            asks += s.asks;
            last = Math.max(last, s.lastMeasuredCompletionNs);
        }
        long duration = latency.getTotalCount() == 0 ? 0 : last - measureStartNs;
        return new LoadResult(latency.getTotalCount(), errors, moved, asks, duration, latency,
                config.targetOpsPerSec() > 0 ? service : null, perCommand, perCommandCount, errorSamples, complete);
    }

    private static byte[] randomData(int size, long seed) {
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[Math.max(1, size)];
        for (int i = 0; i < data.length; i++) {
            data[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return data;
    }
}
