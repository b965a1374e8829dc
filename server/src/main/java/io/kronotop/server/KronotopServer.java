package io.kronotop.server;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.directory.DirectoryLayer;
import io.kronotop.metastore.MetastoreFactory;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.cluster.Cluster;
import io.kronotop.server.cluster.ClusterConfig;
import io.kronotop.server.command.cluster.ClusterCommands;
import io.kronotop.server.command.cluster.RedisClusterCommands;
import io.kronotop.server.cluster.RoutingTable;
import io.kronotop.server.command.connection.ConnectionCommands;
import io.kronotop.server.command.hash.HashCommands;
import io.kronotop.server.command.keys.KeyCommands;
import io.kronotop.server.command.multi.MultiCommands;
import io.kronotop.server.command.server.AbsentFeatureCommands;
import io.kronotop.server.command.server.KeyspaceServerCommands;
import io.kronotop.server.command.string.StringCommands;
import io.kronotop.server.command.namespace.NamespaceCommands;
import io.kronotop.server.command.namespace.Namespaces;
import io.kronotop.server.command.server.ServerCommands;
import io.kronotop.server.command.session.SessionAttributes;
import io.kronotop.server.command.session.SessionCommands;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.command.txn.TxnCommands;
import io.kronotop.server.command.volume.VolumeCommands;
import io.kronotop.server.command.volume.Volumes;
import io.kronotop.server.command.zmap.ZMapCommands;
import io.kronotop.server.config.ConfigException;
import io.kronotop.server.config.ConfigKeys;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.config.KronotopConfig;
import io.kronotop.server.config.ServerConfig;
import io.kronotop.server.reactor.OffloadExecutor;
import io.kronotop.server.reactor.Reactors;
import io.kronotop.server.redis.MemorySize;
import io.kronotop.server.redis.RedisShards;
import io.kronotop.server.redis.SlotRouting;
import io.kronotop.server.redis.persist.RedisPersistence;
import io.kronotop.server.redis.persist.StashConfig;
import io.kronotop.server.cluster.ShardKind;
import io.kronotop.server.transport.NetworkServer;
import io.kronotop.server.transport.ServerStartException;
import io.kronotop.server.transport.Transport;
import io.kronotop.server.transport.TransportSelector;
import io.kronotop.volume.VolumeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The composition root: builds every component from the configuration, in dependency order, and owns
 * their lifecycle. {@link #start} returns once both ports are bound; {@link #close} shuts down gracefully.
 */
public final class KronotopServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KronotopServer.class);
    /** Written in the data directory once the ports are bound: {@code client=PORT} and {@code admin=PORT}. */
    public static final String PORTS_FILE = "kronotop.ports";
    /** How long start waits for the REDIS shards to load before it returns anyway (they answer LOADING). */
    private static final long LOAD_WAIT_MS = 600_000;

    private final ServerContext context;
    private final OffloadExecutor offload;
    private final NetworkServer network;
    private final Database metastore;
    private final Volumes volumes;
    private final Cluster cluster;
    private final RedisPersistence persistence;
    private final boolean ownsMetastore;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private KronotopServer(ServerContext context, OffloadExecutor offload, NetworkServer network, Database metastore,
                           Volumes volumes, Cluster cluster, RedisPersistence persistence, boolean ownsMetastore) {
        this.context = context;
        this.offload = offload;
        this.network = network;
        this.metastore = metastore;
        this.volumes = volumes;
        this.cluster = cluster;
        this.persistence = persistence;
        this.ownsMetastore = ownsMetastore;
    }

    /** Starts a server; throws {@link ServerStartException} or a configuration error when it cannot. */
    public static KronotopServer start(KronotopConfig rawConfig) {
        return start(rawConfig, null);
    }

    /**
     * Starts a server on {@code sharedMetastore} instead of opening one from the configuration; the server
     * never closes it. This is how several members run in one JVM against one embedded metastore (tests).
     */
    public static KronotopServer start(KronotopConfig rawConfig, Database sharedMetastore) {
        ServerConfig config = ServerConfig.from(rawConfig);
        Path dataDir = config.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ServerStartException("cannot create the data directory " + dataDir + ": " + e, e);
        }
        LOG.info("Kronotop {} starting; data directory {}", ServerContext.VERSION, dataDir);
        Transport transport = TransportSelector.select(config.transport());
        LOG.info("transport {} ({}), {} reactor(s)", transport.name(), transport.reason(), config.reactors());

        Reactors reactors = new Reactors(config.reactors(), transport.ioHandlers());
        Database metastore;
        boolean ownsMetastore = sharedMetastore == null;
        try {
            metastore = ownsMetastore ? openMetastore(rawConfig, dataDir) : sharedMetastore;
        } catch (RuntimeException e) {
            reactors.shutdown(0);
            throw e;
        }
        CommandRegistry clientCommands = new CommandRegistry();
        CommandRegistry adminCommands = new CommandRegistry();
        Volumes volumes = null;
        RedisShards redis = null;
        Cluster cluster = null;
        RedisPersistence persistence = null;
        OffloadExecutor offload = new OffloadExecutor(config.offloadThreads(), 65536);
        try {
            long maxMemory = MemorySize.parse(rawConfig.get(ConfigKeys.REDIS_MAXMEMORY));
            if (maxMemory < 0) {
                throw new IllegalArgumentException("redis.maxmemory is not a memory size: "
                    + rawConfig.get(ConfigKeys.REDIS_MAXMEMORY));
            }
            redis = new RedisShards(redisShardCount(rawConfig, config.reactors(), metastore), reactors, maxMemory);
            StringCommands.register(clientCommands);
            HashCommands.register(clientCommands);
            KeyCommands.register(clientCommands, redis);
            MultiCommands.register(clientCommands, redis);
            KeyspaceServerCommands.register(clientCommands, redis);
            AbsentFeatureCommands.register(clientCommands);
            Namespaces namespaces = new Namespaces(rawConfig.get(ConfigKeys.CLUSTER_NAME),
                rawConfig.get(ConfigKeys.NAMESPACE_DEFAULT));
            namespaces.ensureDefault(metastore);
            // The cluster first: commands for sharded data ask it for routes and owner reactors. It starts (registers
            // this member, loads the routing table) once the ports are bound.
            List<String> defaultNamespace = namespaces.path(namespaces.defaultName());
            cluster = new Cluster(ClusterConfig.from(rawConfig, config.reactors()), metastore, dataDir, reactors,
                tr -> DirectoryLayer.getDefault().createOrOpen(tr, defaultNamespace));
            TransactionRunner runner = new TransactionRunner(metastore);
            SessionAttributes attributes = new SessionAttributes(rawConfig.get(ConfigKeys.SESSION_REPLY_TYPE),
                rawConfig.get(ConfigKeys.SESSION_INPUT_TYPE));
            ConnectionCommands.register(clientCommands);
            ServerCommands.register(clientCommands);
            SessionCommands.register(clientCommands, attributes);
            TxnCommands.register(clientCommands, metastore);
            NamespaceCommands.register(clientCommands, namespaces, runner);
            ZMapCommands.register(clientCommands, runner, namespaces);
            ConnectionCommands.register(adminCommands);
            ServerCommands.register(adminCommands);
            SessionCommands.register(adminCommands, attributes);
            VolumeConfig volumeConfig = VolumeConfig.defaults().withSegmentSizeBytes(
                rawConfig.getLong(ConfigKeys.VOLUME_SEGMENT_SIZE_BYTES, 1, Long.MAX_VALUE));
            long redisSegmentBytes = Math.min(volumeConfig.segmentSizeBytes(), rawConfig.getLong(
                ConfigKeys.STASH_SEGMENT_SIZE_BYTES, VolumeConfig.MIN_SEGMENT_SIZE_BYTES, Long.MAX_VALUE));
            VolumeConfig redisVolumeConfig = RedisPersistence.volumeConfig(
                volumeConfig.withSegmentSizeBytes(redisSegmentBytes));
            String redisVolumes = ShardKind.REDIS.lowerName() + "-";
            volumes = new Volumes(dataDir, rawConfig.get(ConfigKeys.CLUSTER_NAME),
                name -> name.startsWith(redisVolumes) ? redisVolumeConfig : volumeConfig, metastore);
            volumes.startChangelogRetention(
                rawConfig.getLong(ConfigKeys.VOLUME_CHANGELOG_RETENTION_MS, 0, Long.MAX_VALUE / 2),
                System::currentTimeMillis);
            volumes.startAutoVacuum(name -> name.startsWith(redisVolumes),
                rawConfig.getLong(ConfigKeys.STASH_VACUUM_GARBAGE_PERCENT, 0, 99),
                rawConfig.getLong(ConfigKeys.STASH_VACUUM_INTERVAL_MS, 1, 86_400_000));
            VolumeCommands.register(adminCommands, volumes, metastore, rawConfig.get(ConfigKeys.CLUSTER_NAME));
            Volumes opened = volumes;
            String memberId = cluster.localMemberId();
            // Keys are served only once the routing table says where: a snapshot per routing change, read
            // lock-free. Applied first, so keys of a shard that moved away answer MOVED before it is handed over.
            RedisShards keyspace = redis;
            keyspace.routing(SlotRouting.from(RoutingTable.UNINITIALIZED, memberId, keyspace.count()));
            persistence = new RedisPersistence(redis, metastore, StashConfig.from(rawConfig), offload);
            RedisPersistence persisted = persistence;
            cluster.addRoutingListener(table -> {
                RoutingTable served = sized(table, keyspace.count());
                keyspace.routing(SlotRouting.from(served, memberId, keyspace.count()));
                // Hand over the REDIS shards that moved away before their volumes close; load the new ones once open.
                Set<Integer> owned = served.initialized()
                    ? new HashSet<>(served.primaryShards(memberId, ShardKind.REDIS)) : Set.of();
                persisted.release(owned);
                opened.retain(table.primaryVolumes(memberId));
                persisted.acquire(owned, id -> opened.get(ShardKind.REDIS.volumeName(id)));
            });
            ClusterCommands.register(adminCommands, cluster);
            RedisClusterCommands.register(clientCommands, cluster, redis);
        } catch (IllegalArgumentException | CommandException e) {
            if (cluster != null) {
                cluster.halt();
            }
            if (volumes != null) {
                volumes.close();
            }
            closeIfOwned(metastore, ownsMetastore);
            offload.close();
            reactors.shutdown(0);
            String message = e instanceof CommandException c ? c.reply() : e.getMessage();
            throw new ConfigException("invalid namespace or session configuration: " + message);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.halt();
            }
            if (volumes != null) {
                volumes.close();
            }
            closeIfOwned(metastore, ownsMetastore);
            offload.close();
            reactors.shutdown(0);
            throw e;
        }

        ServerContext context = new ServerContext(rawConfig, config, clientCommands, adminCommands);
        context.redis(redis);
        redis.start(context.clientPause()::active);
        for (int i = 0; i < reactors.size(); i++) {
            int index = i;
            reactors.get(i).execute(() -> context.reactorThread(index, Thread.currentThread().threadId()));
        }
        // INFO's instantaneous rates, memory peak and process figures, sampled as Redis does, off the reactors
        context.startSampling();
        NetworkServer network = new NetworkServer(context, transport, reactors, offload);
        context.addInfoSection("cluster", cluster::writeInfo);
        context.addInfoSection("persistence", persistence::writeInfo);
        KronotopServer server = new KronotopServer(context, offload, network, metastore, volumes, cluster,
            persistence, ownsMetastore);
        // SHUTDOWN arrives on a reactor, which the stop shuts down: it runs on a thread of its own
        context.onShutdownRequest(() -> new Thread(server::close, "shutdown-command").start());
        try {
            network.start();
            cluster.start(config.host(), network.port(), config.adminHost(), network.adminPort());
            // The REDIS shards this member is primary for load from their volumes; until then they answer LOADING.
            if (!persistence.awaitIdle(LOAD_WAIT_MS)) {
                LOG.warn("REDIS shards still loading after {} ms; they answer LOADING until done", LOAD_WAIT_MS);
            }
            writePortsFile(dataDir, network.port(), network.adminPort());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("ready: clients on {}:{}, administration on {}:{}", config.host(), network.port(),
            config.adminHost(), network.adminPort());
        return server;
    }

    private static void closeIfOwned(Database metastore, boolean owned) {
        if (owned) {
            metastore.close();
        }
    }

    /** Opens the metastore from the metastore.* and fdb.* keys; empty values mean "not set". */
    private static Database openMetastore(KronotopConfig config, Path dataDir) {
        Map<String, String> keys = new HashMap<>();
        for (Map.Entry<String, String> e : config.asMap().entrySet()) {
            if ((e.getKey().startsWith("metastore.") || e.getKey().startsWith("fdb.")) && !e.getValue().isBlank()) {
                keys.put(e.getKey(), e.getValue());
            }
        }
        try {
            return MetastoreFactory.open(keys, dataDir);
        } catch (RuntimeException e) {
            throw new ServerStartException("cannot open the metastore: " + e.getMessage(), e);
        }
    }

    private static void writePortsFile(Path dataDir, int port, int adminPort) {
        Path target = dataDir.resolve(PORTS_FILE);
        Path temp = dataDir.resolve(PORTS_FILE + ".tmp");
        try {
            Files.writeString(temp, "client=" + port + "\nadmin=" + adminPort + "\n", StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The bound client port (useful with port 0). */
    public int port() {
        return network.port();
    }

    /** The bound admin port. */
    public int adminPort() {
        return network.adminPort();
    }

    /** The volumes open on this member (tests write entries through them). */
    public Volumes volumes() {
        return volumes;
    }

    /** The transport in use: io_uring, epoll or nio. */
    public String transport() {
        return network.transport().name();
    }

    public ServerContext context() {
        return context;
    }

    /** This member's part in the cluster: its id, the routing table, shard ownership. */
    public Cluster cluster() {
        return cluster;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * The number of REDIS shards this member serves: the cluster's, once it is initialised; before that, the
     * configured count ({@code cluster.redis.shards}, 0 for one per reactor), which the cluster takes if this
     * member initialises it.
     */
    private static int redisShardCount(KronotopConfig config, int reactors, Database metastore) {
        int configured = ClusterConfig.redisShards(config, reactors);
        OptionalInt stored = Cluster.storedRedisShards(metastore, config.get(ConfigKeys.CLUSTER_NAME));
        if (stored.isPresent() && stored.getAsInt() != configured) {
            LOG.info("cluster '{}' has {} REDIS shards; serving that many (cluster.redis.shards resolves to {} "
                + "here)", config.get(ConfigKeys.CLUSTER_NAME), stored.getAsInt(), configured);
        }
        return stored.orElse(configured);
    }

    /**
     * {@code table}, or no routes at all when it has another number of REDIS shards than this member's keyspace
     * (the cluster was initialised elsewhere after this member started): slots would map to the wrong shards.
     */
    private static RoutingTable sized(RoutingTable table, int shards) {
        if (table.initialized() && table.shardCount(ShardKind.REDIS) != shards) {
            LOG.error("the cluster has {} REDIS shards but this member started with {}; serving no keys until it "
                + "is restarted", table.shardCount(ShardKind.REDIS), shards);
            return RoutingTable.UNINITIALIZED;
        }
        return table;
    }

    @Override
    public void close() {
        stop(true);
    }

    /**
     * Stops as a crash would, for tests: ports closed and volumes released, but the member is not marked
     * STOPPED, so the other members see its heartbeat stop and report it silent.
     */
    public void halt() {
        stop(false);
    }

    private void stop(boolean graceful) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.info(graceful ? "shutting down: no new connections, finishing replies in flight" : "halting");
        try {
            if (graceful) {
                cluster.close();
                // Routing has stopped: flush and close every shard's persistence while the reactors still run.
                persistence.close();
            } else {
                cluster.halt();
            }
            network.close();
            offload.shutdown(context.config().shutdownGraceMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.redis().close();
            context.stopSampling();
            offload.close();
            volumes.close();
            closeIfOwned(metastore, ownsMetastore);
            LOG.info("stopped");
            stopped.countDown();
        }
    }
}
