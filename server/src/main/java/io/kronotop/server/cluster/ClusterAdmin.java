package io.kronotop.server.cluster;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.directory.DirectoryLayer;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The cluster-changing operations of {@code KR.ADMIN} except ROUTE: each is one metastore transaction that
 * checks, writes and raises the topology version, so every member reloads. Validation failures are
 * {@link CommandException}s carrying the reply; nothing is written then. Thread-safe.
 */
public final class ClusterAdmin {
    /** How long a DROP-CLUSTER token stays valid. */
    public static final long DROP_TOKEN_TTL_MS = 60_000;

    /** What DROP-CLUSTER's second phase found. */
    public enum DropOutcome { DROPPED, NO_TOKEN, EXPIRED, INVALID }

    private final Database db;
    private final ClusterLayout layout;
    private final ClusterConfig config;
    private final Function<Transaction, CompletableFuture<?>> onInitialize;

    ClusterAdmin(Database db, ClusterLayout layout, ClusterConfig config,
                 Function<Transaction, CompletableFuture<?>> onInitialize) {
        this.db = db;
        this.layout = layout;
        this.config = config;
        this.onInitialize = onInitialize;
    }

    /**
     * Creates the layout: the shard counts from the configuration, every shard INOPERABLE without routes.
     * With {@code owner} non-null (automatic bootstrap) every shard is routed to it and READWRITE instead.
     */
    public CompletableFuture<Void> initialize(String owner) {
        return db.runAsync(tr -> tr.get(layout.versionKey()).thenCompose(version -> {
            if (version != null) {
                throw new CommandException(RespError.CLUSTER_ALREADY_INITIALIZED);
            }
            tr.set(layout.versionKey(), ClusterLayout.ascii(ClusterLayout.METADATA_VERSION));
            writeShards(tr, ShardKind.REDIS, config.redisShards(), owner);
            writeShards(tr, ShardKind.BUCKET, config.bucketShards(), owner);
            layout.bumpTopology(tr);
            return onInitialize.apply(tr).thenApply(ignored -> (Void) null);
        }));
    }

    private void writeShards(Transaction tr, ShardKind kind, int count, String owner) {
        tr.set(layout.countKey(kind), Tuple.from(count).pack());
        ShardStatus status = owner == null ? ShardStatus.INOPERABLE : ShardStatus.READWRITE;
        for (int id = 0; id < count; id++) {
            tr.set(layout.statusKey(kind, id), ClusterLayout.ascii(status.name()));
            if (owner != null) {
                tr.set(layout.primaryKey(kind, id), ClusterLayout.ascii(owner));
            }
        }
    }

    /** Sets the status of one shard, or of every shard of the kind when {@code shardArg} is {@code *}. */
    public CompletableFuture<Void> setShardStatus(ShardKind kind, String shardArg, ShardStatus status) {
        return db.runAsync(tr -> readForChange(tr).thenApply(table -> {
            for (int id : shardIds(table, kind, shardArg)) {
                tr.set(layout.statusKey(kind, id), ClusterLayout.ascii(status.name()));
            }
            layout.bumpTopology(tr);
            return null;
        }));
    }

    /** Sets a member's registered status; other members learn it through the topology version. */
    public CompletableFuture<Void> setMemberStatus(String memberArg, MemberStatus status) {
        return db.runAsync(tr -> readForChange(tr).thenApply(table -> {
            Member member = table.member(MemberResolver.resolve(table.members(), memberArg,
                RespError::memberNotFound));
            tr.set(layout.recordKey(member.id()), ClusterLayout.encodeMember(member.withStatus(status)));
            layout.bumpTopology(tr);
            return null;
        }));
    }

    /** Unregisters a member that is not RUNNING. */
    public CompletableFuture<Void> removeMember(String memberArg) {
        return db.runAsync(tr -> readForChange(tr).thenApply(table -> {
            Member member = table.member(MemberResolver.resolve(table.members(), memberArg,
                RespError::memberNotFound));
            if (member.status() == MemberStatus.RUNNING) {
                throw new CommandException(RespError.RUNNING_MEMBER_NOT_REMOVABLE);
            }
            tr.clear(layout.memberRange(member.id()));
            layout.bumpTopology(tr);
            return null;
        }));
    }

    /** DROP-CLUSTER's first phase: a new token, valid for a minute; it replaces any older one. */
    public CompletableFuture<String> newDropToken(String clusterName, long nowMs) {
        if (!clusterName.equals(config.name())) {
            return CompletableFuture.failedFuture(new CommandException(RespError.CLUSTER_NAME_MISMATCH));
        }
        String token = UUID.randomUUID().toString();
        return db.runAsync(tr -> readForChange(tr).thenApply(table -> {
            tr.set(layout.dropTokenKey(), Tuple.from(token, nowMs + DROP_TOKEN_TTL_MS).pack());
            return token;
        }));
    }

    /**
     * DROP-CLUSTER's second phase. Any attempt consumes the pending token; a valid one removes the cluster's
     * tree from the metastore (its namespaces included; members stay registered).
     */
    public CompletableFuture<DropOutcome> drop(String clusterName, String token, long nowMs) {
        if (!clusterName.equals(config.name())) {
            return CompletableFuture.failedFuture(new CommandException(RespError.CLUSTER_NAME_MISMATCH));
        }
        return db.runAsync(tr -> readForChange(tr).thenCompose(table -> tr.get(layout.dropTokenKey())
            .thenCompose(stored -> {
                if (stored == null) {
                    return CompletableFuture.completedFuture(DropOutcome.NO_TOKEN);
                }
                tr.clear(layout.dropTokenKey());
                Tuple pending = Tuple.fromBytes(stored);
                if (nowMs > pending.getLong(1)) {
                    return CompletableFuture.completedFuture(DropOutcome.EXPIRED);
                }
                if (!pending.getString(0).equals(token)) {
                    return CompletableFuture.completedFuture(DropOutcome.INVALID);
                }
                layout.clearCluster(tr);
                layout.bumpTopology(tr);
                return DirectoryLayer.getDefault().removeIfExists(tr, List.of("kronotop", config.name()))
                    .thenApply(ignored -> DropOutcome.DROPPED);
            })));
    }

    /**
     * The routing table as seen by a changing transaction: read at snapshot isolation (heartbeats do not make
     * it conflict), with a read conflict on the topology version, so two concurrent changes never both commit
     * on the same view. Fails when the cluster is not initialised.
     */
    CompletableFuture<RoutingTable> readForChange(Transaction tr) {
        tr.addReadConflictKey(layout.topologyKey());
        return layout.load(tr.snapshot()).thenApply(table -> {
            if (!table.initialized()) {
                throw new CommandException(RespError.CLUSTER_NOT_INITIALIZED);
            }
            return table;
        });
    }

    /** The ids named by {@code shardArg}: one id, or every id of the kind for {@code *}. */
    static int[] shardIds(RoutingTable table, ShardKind kind, String shardArg) {
        int count = table.shardCount(kind);
        if (shardArg.equals("*")) {
            int[] all = new int[count];
            for (int i = 0; i < count; i++) {
                all[i] = i;
            }
            return all;
        }
        int id = parseShardId(shardArg);
        if (id < 0 || id >= count) {
            throw new CommandException(RespError.INVALID_SHARD_ID);
        }
        return new int[]{id};
    }

    /** A non-negative shard id, or -1. */
    public static int parseShardId(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
