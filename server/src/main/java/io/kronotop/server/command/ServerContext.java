package io.kronotop.server.command;

import io.kronotop.server.config.ConfigException;
import io.kronotop.server.config.ConfigKeys;
import io.kronotop.server.config.KronotopConfig;
import io.kronotop.server.config.ServerConfig;
import io.kronotop.server.metrics.CommandStats;
import io.kronotop.server.metrics.InstantaneousMetrics;
import io.kronotop.server.metrics.LatencyTracking;
import io.kronotop.server.metrics.ServerStats;
import io.kronotop.server.metrics.SlowLog;
import io.kronotop.server.reactor.ThreadFactories;
import io.kronotop.server.session.ClientPause;
import io.kronotop.server.session.ClientRegistry;
import io.kronotop.server.session.Monitors;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-wide state handlers may read: configuration, clients, counters and the command tables.
 * Shared by every reactor; everything in it is immutable or thread-safe.
 */
public final class ServerContext {
    public static final String VERSION = "0.1.0";
    /** The Redis version whose behaviour the RESP surface follows; clients read it from HELLO and INFO. */
    public static final String REDIS_COMPAT_VERSION = "7.2.0";

    private final KronotopConfig rawConfig;
    private final ServerConfig config;
    private final ClientRegistry clients = new ClientRegistry();
    private final Monitors monitors = new Monitors();
    private final ClientPause clientPause = new ClientPause();
    private final SlowLog slowLog;
    private final LatencyTracking latencyTracking;
    private final InstantaneousMetrics instantaneous = new InstantaneousMetrics();
    private volatile ScheduledExecutorService sampler;
    private final long startupMemory;
    /** The reactors' thread ids, for INFO cpu's main-thread times; filled as each reactor reports it. */
    private final long[] reactorThreadIds;
    private final long monitorMaxOutputBytes;
    private final ServerStats stats;
    private final CommandRegistry clientCommands;
    private final CommandRegistry adminCommands;
    private final Map<CommandSpec, CommandStats> commandStats = new IdentityHashMap<>();
    private final long startedAtMs = System.currentTimeMillis();
    private final String runId;
    private final AtomicInteger[] reactorConnections;
    private final Map<String, java.util.function.Consumer<StringBuilder>> infoSections =
        new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String transportName = "unbound";
    private volatile io.kronotop.server.redis.RedisShards redis;
    private volatile int boundPort;
    private volatile int boundAdminPort;
    /** Stops the server without blocking the caller (SHUTDOWN); null until the server installs it. */
    private volatile Runnable shutdown;

    public ServerContext(KronotopConfig rawConfig, ServerConfig config, CommandRegistry clientCommands,
                         CommandRegistry adminCommands) {
        this.rawConfig = rawConfig;
        this.config = config;
        this.clientCommands = clientCommands;
        this.adminCommands = adminCommands;
        this.stats = new ServerStats(config.reactors());
        index(clientCommands);
        index(adminCommands);
        this.runId = randomHex(40);
        this.monitorMaxOutputBytes = rawConfig == null
            ? Long.parseLong(ConfigKeys.SERVER_MONITOR_MAX_OUTPUT_BYTES.defaultValue())
            : rawConfig.getLong(ConfigKeys.SERVER_MONITOR_MAX_OUTPUT_BYTES, 1024, Long.MAX_VALUE);
        this.slowLog = rawConfig == null
            ? new SlowLog(Long.parseLong(ConfigKeys.SERVER_SLOWLOG_LOG_SLOWER_THAN_US.defaultValue()),
                Long.parseLong(ConfigKeys.SERVER_SLOWLOG_MAX_LEN.defaultValue()))
            : new SlowLog(rawConfig.getLong(ConfigKeys.SERVER_SLOWLOG_LOG_SLOWER_THAN_US, -1, Long.MAX_VALUE),
                rawConfig.getLong(ConfigKeys.SERVER_SLOWLOG_MAX_LEN, 0, Long.MAX_VALUE));
        this.latencyTracking = latencyTracking(rawConfig == null ? KronotopConfig.defaults() : rawConfig);
        this.reactorThreadIds = new long[config.reactors()];
        java.util.Arrays.fill(reactorThreadIds, -1);
        this.startupMemory = usedMemory();
        this.reactorConnections = new AtomicInteger[config.reactors()];
        for (int i = 0; i < reactorConnections.length; i++) {
            reactorConnections[i] = new AtomicInteger();
        }
    }

    private void index(CommandRegistry registry) {
        for (CommandSpec spec : registry.specs()) {
            commandStats.computeIfAbsent(spec, s -> new CommandStats(config.reactors()));
            for (CommandSpec sub : spec.subcommands()) {
                commandStats.computeIfAbsent(sub, s -> new CommandStats(config.reactors()));
            }
        }
    }

    private static String randomHex(int length) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    /** Installs what {@link #requestShutdown()} runs: a graceful stop that does not block its caller. */
    public void onShutdownRequest(Runnable stop) {
        this.shutdown = stop;
    }

    /** Starts a graceful stop of the whole server (SHUTDOWN); false when none is installed. */
    public boolean requestShutdown() {
        Runnable stop = shutdown;
        if (stop == null) {
            return false;
        }
        stop.run();
        return true;
    }

    public KronotopConfig rawConfig() {
        return rawConfig;
    }

    public ServerConfig config() {
        return config;
    }

    private static LatencyTracking latencyTracking(KronotopConfig config) {
        Boolean enabled = LatencyTracking.parseYesNo(config.get(ConfigKeys.SERVER_LATENCY_TRACKING).trim());
        if (enabled == null) {
            throw new ConfigException("configuration key '" + ConfigKeys.SERVER_LATENCY_TRACKING.name()
                + "' must be yes or no, got '" + config.get(ConfigKeys.SERVER_LATENCY_TRACKING) + "'");
        }
        String[] why = new String[1];
        double[] percentiles = LatencyTracking.parsePercentiles(
            config.get(ConfigKeys.SERVER_LATENCY_TRACKING_INFO_PERCENTILES), why);
        if (percentiles == null) {
            throw new ConfigException("configuration key '" + ConfigKeys.SERVER_LATENCY_TRACKING_INFO_PERCENTILES.name()
                + "': " + why[0]);
        }
        return new LatencyTracking(enabled, percentiles);
    }

    /**
     * The memory in use as INFO reports it: the JVM heap in use (live and not yet collected objects) plus the direct
     * memory of Netty's pooled buffers.
     */
    public long usedMemory() {
        return heapInUse() + directInUse();
    }

    /** The JVM heap in use, live and not yet collected objects. */
    public static long heapInUse() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The direct memory of Netty's pooled buffers. */
    public static long directInUse() {
        return PooledByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
            ? p.metric().usedDirectMemory() : 0;
    }

    /** {@link #usedMemory()} when the server started (Redis's used_memory_startup). */
    public long startupMemory() {
        return startupMemory;
    }

    /** The rates and the memory peak INFO shows, sampled by {@link #sampleMetrics()}. */
    public InstantaneousMetrics instantaneous() {
        return instantaneous;
    }

    /** Samples {@link #instantaneous()} every {@link InstantaneousMetrics#PERIOD_MS} ms on a daemon thread. */
    public void startSampling() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            ThreadFactories.named("metrics-sampler", true));
        timer.scheduleAtFixedRate(this::sampleMetrics, 0, InstantaneousMetrics.PERIOD_MS, TimeUnit.MILLISECONDS);
        sampler = timer;
    }

    public void stopSampling() {
        ScheduledExecutorService timer = sampler;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One sample of the instantaneous metrics. */
    private void sampleMetrics() {
        instantaneous.sample(System.currentTimeMillis(), stats.commandsProcessed.sum(), stats.netInputBytes.sum(),
            stats.netOutputBytes.sum(), usedMemory());
    }

    /** Records reactor {@code index}'s thread, from that thread. */
    public void reactorThread(int index, long threadId) {
        synchronized (reactorThreadIds) {
            reactorThreadIds[index] = threadId;
        }
    }

    /** The reactors' thread ids known so far. */
    public long[] reactorThreadIds() {
        synchronized (reactorThreadIds) {
            return java.util.Arrays.stream(reactorThreadIds).filter(id -> id >= 0).toArray();
        }
    }

    /** Latency tracking's settings (INFO latencystats, LATENCY HISTOGRAM). */
    public LatencyTracking latencyTracking() {
        return latencyTracking;
    }

    /** The slow log (SLOWLOG), fed by the dispatcher. */
    public SlowLog slowLog() {
        return slowLog;
    }

    /** CLIENT PAUSE: what waits, and the connections waiting. */
    public ClientPause clientPause() {
        return clientPause;
    }

    /** The MONITOR connections and their feed. */
    public Monitors monitors() {
        return monitors;
    }

    /** Bytes of MONITOR lines a monitor connection may have waiting to be sent before it is closed. */
    public long monitorMaxOutputBytes() {
        return monitorMaxOutputBytes;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The stats of a registered command or subcommand; never null for a registered spec. */
    public CommandStats commandStats(CommandSpec spec) {
        return commandStats.get(spec);
    }

    /** Stats of every registered command, keyed by spec (identity). */
    public Map<CommandSpec, CommandStats> allCommandStats() {
        return commandStats;
    }

    public CommandRegistry clientCommands() {
        return clientCommands;
    }

    public CommandRegistry adminCommands() {
        return adminCommands;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    public String runId() {
        return runId;
    }

    /** Open connections per reactor, for INFO. */
    public AtomicInteger reactorConnections(int reactor) {
        return reactorConnections[reactor];
    }

    public int reactorCount() {
        return reactorConnections.length;
    }

    /** The REDIS keyspace's shards. */
    public io.kronotop.server.redis.RedisShards redis() {
        return redis;
    }

    /** Called once by the composition root, before the ports are bound. */
    public void redis(io.kronotop.server.redis.RedisShards shards) {
        this.redis = shards;
    }

    public String transportName() {
        return transportName;
    }

    public int boundPort() {
        return boundPort;
    }

    public int boundAdminPort() {
        return boundAdminPort;
    }

    /** Called once the ports are bound. */
    public void onBound(String transport, int port, int adminPort) {
        this.transportName = transport;
        this.boundPort = port;
        this.boundAdminPort = adminPort;
    }

    /** Adds an INFO section written by another component (e.g. {@code cluster}); start-up only. */
    public void addInfoSection(String name, java.util.function.Consumer<StringBuilder> writer) {
        infoSections.put(name, writer);
    }

    /** Writes the INFO section {@code name} added with {@link #addInfoSection}; nothing when there is none. */
    public void writeInfoSection(String name, StringBuilder sb) {
        java.util.function.Consumer<StringBuilder> writer = infoSections.get(name);
        if (writer != null) {
            writer.accept(sb);
        }
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        stats.reset();
        commandStats.values().forEach(CommandStats::reset);
    }
}
