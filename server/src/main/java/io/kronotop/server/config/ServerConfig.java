package io.kronotop.server.config;

import io.kronotop.server.protocol.ProtocolLimits;

import java.nio.file.Path;

/**
 * The server's typed settings, read once from a {@link KronotopConfig} at start.
 *
 * @param reactors 0 resolved to {@link #defaultReactors(int)} of the available cores
 */
public record ServerConfig(
    Path dataDir,
    String host,
    int port,
    String adminHost,
    int adminPort,
    TransportKind transport,
    int reactors,
    int offloadThreads,
    int backlog,
    int maxClients,
    long shutdownGraceMs,
    ProtocolLimits limits,
    String requirePass,
    String clusterName) {

    /** Transport choice from {@code server.transport}. */
    public enum TransportKind { AUTO, IO_URING, EPOLL, NIO }

    /**
     * One reactor per core but one, which is left to the threads that serve the reactors (metastore commit, volume
     * flush and sync, GC); at least one. On two cores one reactor made 25-30% more ops/s than two, with a lower p99
     * (docs/performance.md): a hop between reactors costs more than a second core gives back.
     */
    public static int defaultReactors(int cores) {
        return Math.max(1, cores - 1);
    }

    public static ServerConfig from(KronotopConfig config) {
        int reactors = config.getInt(ConfigKeys.SERVER_REACTORS, 0, 1024);
        if (reactors == 0) {
            reactors = defaultReactors(Runtime.getRuntime().availableProcessors());
        }
        ProtocolLimits limits = new ProtocolLimits(
            config.getLong(ConfigKeys.PROTO_MAX_BULK_BYTES, 1, Integer.MAX_VALUE - 16),
            config.getInt(ConfigKeys.PROTO_MAX_MULTIBULK, 1, Integer.MAX_VALUE),
            config.getInt(ConfigKeys.PROTO_MAX_INLINE_BYTES, 64, 64 * 1024 * 1024));
        return new ServerConfig(
            Path.of(config.get(ConfigKeys.DATA_DIR)),
            config.get(ConfigKeys.SERVER_HOST),
            config.getInt(ConfigKeys.SERVER_PORT, 0, 65535),
            config.get(ConfigKeys.ADMIN_HOST),
            config.getInt(ConfigKeys.ADMIN_PORT, 0, 65535),
            transport(config.get(ConfigKeys.SERVER_TRANSPORT)),
            reactors,
            config.getInt(ConfigKeys.SERVER_OFFLOAD_THREADS, 1, 1024),
            config.getInt(ConfigKeys.SERVER_BACKLOG, 1, 65535),
            config.getInt(ConfigKeys.SERVER_MAX_CLIENTS, 1, 10_000_000),
            config.getLong(ConfigKeys.SERVER_SHUTDOWN_GRACE_MS, 0, 600_000),
            limits,
            config.get(ConfigKeys.AUTH_REQUIREPASS),
            config.get(ConfigKeys.CLUSTER_NAME));
    }

    private static TransportKind transport(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> TransportKind.AUTO;
            case "io_uring", "iouring" -> TransportKind.IO_URING;
            case "epoll" -> TransportKind.EPOLL;
            case "nio" -> TransportKind.NIO;
            default -> throw new ConfigException(
                "configuration key 'server.transport' must be auto, io_uring, epoll or nio, got '" + text + "'");
        };
    }

    /** True when clients must authenticate. */
    public boolean authRequired() {
        return !requirePass.isEmpty();
    }
}
