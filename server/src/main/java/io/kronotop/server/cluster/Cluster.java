package io.kronotop.server.cluster;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.reactor.Reactors;
import io.kronotop.server.reactor.ThreadFactories;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * This member's view of the cluster and its part in it: the member id, the current routing table (kept current
 * by a watch on the topology version), the heartbeat and failure detector, and which reactor owns each local
 * primary shard. All coordination goes through the metastore. Two named threads: {@code cluster-heartbeat-0}
 * and {@code cluster-routing-0}; routing listeners run on the latter, never on a reactor. Thread-safe.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final ClusterConfig config;
    private final Database db;
    private final ClusterLayout layout;
    private final String memberId;
    private final Reactors reactors;
    private final ScheduledExecutorService heartbeatThread;
    private final ScheduledExecutorService routingThread;
    private final Membership membership;
    private final RoutingWatcher watcher;
    private final ClusterAdmin admin;
    private final RouteOperations routes;
    private volatile Member local;
    private volatile boolean closed;
    private volatile boolean registered;

    /**
     * @param onInitialize work added to the INITIALIZE-CLUSTER transaction (the server creates the default
     *                     namespace there, so a cluster dropped and initialised again has one)
     */
    public Cluster(ClusterConfig config, Database db, Path dataDir, Reactors reactors,
                   Function<Transaction, CompletableFuture<?>> onInitialize) {
        this.config = config;
        this.db = db;
        this.layout = new ClusterLayout(config.name());
        this.memberId = MemberIdentity.loadOrCreate(dataDir);
        this.reactors = reactors;
        this.heartbeatThread = Executors.newSingleThreadScheduledExecutor(
            ThreadFactories.named("cluster-heartbeat", true));
        this.routingThread = Executors.newSingleThreadScheduledExecutor(
            ThreadFactories.named("cluster-routing", true));
        this.membership = new Membership(db, layout, config, memberId);
        this.watcher = new RoutingWatcher(db, layout, routingThread);
        this.admin = new ClusterAdmin(db, layout, config, onInitialize);
        this.routes = new RouteOperations(db, layout, admin);
        this.local = new Member(memberId, MemberStatus.UNKNOWN, "", "", 0, "", 0);
    }

    /**
     * Registers this member with its bound addresses, bootstraps a one-member cluster when configured to and
     * none exists, loads the routing table (listeners see it before this returns) and starts the heartbeat.
     * Start-up only: blocks the calling thread.
     */
    public void start(String externalHost, int externalPort, String internalHost, int internalPort) {
        local = membership.register(externalHost, externalPort, internalHost, internalPort, heartbeatThread);
        registered = true;
        if (config.autoBootstrap()) {
            bootstrap();
        }
        RoutingTable table = watcher.refresh().join();
        LOG.info("cluster '{}': member {}, {}", config.name(), memberId, table.initialized()
            ? "routing version " + table.version() : "not initialised (KR.ADMIN INITIALIZE-CLUSTER on the admin port)");
        heartbeatThread.scheduleWithFixedDelay(this::beat, 0, config.heartbeatIntervalMs(), TimeUnit.MILLISECONDS);
    }

    private void bootstrap() {
        try {
            admin.initialize(memberId).join();
            LOG.info("cluster '{}' initialised with this member as the primary of every shard ({} redis, {} bucket)",
                config.name(), config.redisShards(), config.bucketShards());
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof CommandException)) {
                throw e;
            }
            // already initialised: nothing to bootstrap
        }
    }

    private void beat() {
        try {
            ClusterLayout.MemberScan scan = membership.beat().get(Math.max(1000, config.heartbeatIntervalMs() * 5),
                TimeUnit.MILLISECONDS);
            membership.detector().observe(scan.members(), scan.heartbeats(), System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!closed) {
                LOG.warn("heartbeat failed: {}", e.toString());
            }
        }
    }

    /**
     * How many REDIS shards cluster {@code name} was initialised with, or empty while it is not initialised: a member
     * sizes its keyspace by the cluster, whatever its own {@code cluster.redis.shards} says. Start-up only: blocks.
     */
    public static OptionalInt storedRedisShards(Database db, String name) {
        RoutingTable table = db.readAsync(tr -> new ClusterLayout(name).load(tr)).join();
        return table.initialized() ? OptionalInt.of(table.shardCount(ShardKind.REDIS)) : OptionalInt.empty();
    }

    public ClusterConfig config() {
        return config;
    }

    /** This member's id: 40 hex characters, kept in the data directory. */
    public String localMemberId() {
        return memberId;
    }

    /** This member as registered at start (status RUNNING, its process id and addresses). */
    public Member localMember() {
        return local;
    }

    /** The current routing table; an immutable snapshot. */
    public RoutingTable routing() {
        return watcher.current();
    }

    /** Called with the new table after every reload, on the routing thread (never a reactor). */
    public void addRoutingListener(Consumer<RoutingTable> listener) {
        watcher.addListener(listener);
    }

    /** Reloads the routing table; completes with a table read after this call. */
    public CompletableFuture<RoutingTable> refresh() {
        return watcher.refresh();
    }

    /** The number of the reactor that owns local primary shard {@code (kind, shardId)}. */
    public int ownerReactorIndex(ShardKind kind, int shardId) {
        return Math.floorMod(shardId, reactors.size());
    }

    /** The reactor that owns local primary shard {@code (kind, shardId)}: reactor {@code shardId % reactors}. */
    public EventLoop ownerReactor(ShardKind kind, int shardId) {
        return reactors.get(ownerReactorIndex(kind, shardId));
    }

    /** Members this member currently considers silent (its own failure detector), sorted. */
    public List<String> silentMembers() {
        return membership.detector().silent().stream().sorted().toList();
    }

    /** The routing table and every heartbeat, read now from the metastore. */
    public CompletableFuture<ClusterState> readState() {
        return db.readAsync(tr -> layout.load(tr).thenCombine(layout.scanMembers(tr),
            (table, scan) -> new ClusterState(table, scan.heartbeats())));
    }

    public ClusterAdmin admin() {
        return admin;
    }

    public RouteOperations routes() {
        return routes;
    }

    /** The {@code # Cluster} section of INFO. */
    public void writeInfo(StringBuilder sb) {
        RoutingTable table = routing();
        sb.append("# Cluster\r\n");
        field(sb, "cluster_enabled", 1);
        field(sb, "cluster_name", config.name());
        field(sb, "cluster_initialized", table.initialized() ? 1 : 0);
        field(sb, "member_id", memberId);
        field(sb, "process_id", local.processId());
        field(sb, "routing_version", table.version());
        field(sb, "members", table.members().size());
        field(sb, "silent_members", membership.detector().silent().size());
        for (ShardKind kind : ShardKind.values()) {
            field(sb, kind.lowerName() + "_shards", table.shardCount(kind));
            field(sb, "owned_" + kind.lowerName() + "_shards", table.primaryShards(memberId, kind).size());
        }
        for (int reactor = 0; reactor < reactors.size(); reactor++) {
            StringBuilder owned = new StringBuilder();
            for (ShardKind kind : ShardKind.values()) {
                StringBuilder ids = new StringBuilder();
                for (int id : table.primaryShards(memberId, kind)) {
                    if (ownerReactorIndex(kind, id) == reactor) {
                        ids.append(ids.isEmpty() ? "" : ",").append(id);
                    }
                }
                owned.append(owned.isEmpty() ? "" : " ").append(kind.lowerName()).append('=')
                    .append(ids.isEmpty() ? "-" : ids);
            }
            field(sb, "reactor_" + reactor + "_shards", owned);
        }
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** Graceful stop: stops the heartbeat and the watcher, then marks this member STOPPED. */
    @Override
    public void close() {
        if (stopThreads() && registered) {
            membership.deregister(2000);
        }
    }

    /** Stops without deregistering, as a crash would: the others see this member go silent. For tests. */
    public void halt() {
        stopThreads();
    }

    private boolean stopThreads() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        watcher.stop();
        heartbeatThread.shutdownNow();
        routingThread.shutdown();
        try {
            heartbeatThread.awaitTermination(2, TimeUnit.SECONDS);
            routingThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
