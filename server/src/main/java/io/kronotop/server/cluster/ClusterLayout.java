package io.kronotop.server.cluster;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.MutationType;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.ByteArrayUtil;
import com.apple.foundationdb.tuple.Tuple;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Where the cluster keeps its state in the metastore, and how it is encoded. Everything is under the tuple
 * subspace {@code ("kronotop", <cluster>, "metadata")}:
 *
 * <pre>
 *  ("cluster", "version")                        "1.0.0" once initialised
 *  ("cluster", "topology")                       int64 LE, atomic ADD +1 on every route, status or member change
 *  ("cluster", "shard_count", kind)              tuple (count)
 *  ("cluster", "drop_token")                     tuple (token, expiresAtMs) of a pending DROP-CLUSTER
 *  ("shards", kind, id, "primary")               member id, ASCII
 *  ("shards", kind, id, "status")                ASCII name of a ShardStatus
 *  ("shards", kind, id, "standby", memberId)     empty
 *  ("members", id, "record")                     tuple (status, externalHost, externalPort, internalHost, internalPort)
 *  ("members", id, "process")                    12 bytes: the versionstamp of the registering commit + 2 zero bytes
 *  ("members", id, "heartbeat")                  int64 LE, atomic ADD +1 every heartbeat interval
 *  ("volumes", volumeName, ...)                  each volume's own metadata (the volume module's layout)
 * </pre>
 *
 * kind is {@code "REDIS"} or {@code "BUCKET"}. Stateless and immutable: any thread.
 */
public final class ClusterLayout {
    public static final String METADATA_VERSION = "1.0.0";
    private static final byte[] PLUS_ONE = le(1);
    /** A volume's status key inside its subspace: tag 9, field 2, as the volume module lays it out. */
    private static final Tuple VOLUME_STATUS = Tuple.from(9, 2);

    private final Subspace root;
    private final Subspace metadata;
    private final Subspace shards;
    private final Subspace members;
    private final Subspace counts;
    private final byte[] versionKey;
    private final byte[] topologyKey;
    private final byte[] dropTokenKey;

    public ClusterLayout(String clusterName) {
        this.root = new Subspace(Tuple.from("kronotop", clusterName));
        this.metadata = root.get("metadata");
        this.shards = metadata.get("shards");
        this.members = metadata.get("members");
        Subspace cluster = metadata.get("cluster");
        this.counts = cluster.get("shard_count");
        this.versionKey = cluster.pack("version");
        this.topologyKey = cluster.pack("topology");
        this.dropTokenKey = cluster.pack("drop_token");
    }

    /** The subspace of a volume's metadata; the same one {@code Volumes} opens the volume with. */
    public Subspace volume(String volumeName) {
        return metadata.get("volumes").get(volumeName);
    }

    byte[] versionKey() {
        return versionKey;
    }

    byte[] topologyKey() {
        return topologyKey;
    }

    byte[] dropTokenKey() {
        return dropTokenKey;
    }

    byte[] countKey(ShardKind kind) {
        return counts.pack(kind.name());
    }

    byte[] primaryKey(ShardKind kind, int id) {
        return shards.pack(Tuple.from(kind.name(), id, "primary"));
    }

    byte[] statusKey(ShardKind kind, int id) {
        return shards.pack(Tuple.from(kind.name(), id, "status"));
    }

    byte[] standbyKey(ShardKind kind, int id, String memberId) {
        return shards.pack(Tuple.from(kind.name(), id, "standby", memberId));
    }

    byte[] volumeStatusKey(ShardKind kind, int id) {
        return volume(kind.volumeName(id)).pack(VOLUME_STATUS);
    }

    byte[] recordKey(String memberId) {
        return members.pack(Tuple.from(memberId, "record"));
    }

    byte[] processKey(String memberId) {
        return members.pack(Tuple.from(memberId, "process"));
    }

    byte[] heartbeatKey(String memberId) {
        return members.pack(Tuple.from(memberId, "heartbeat"));
    }

    Range membersRange() {
        return members.range();
    }

    Range memberRange(String memberId) {
        return members.range(Tuple.from(memberId));
    }

    /** Raises the topology version; every member's watcher then reloads. */
    void bumpTopology(Transaction tr) {
        tr.mutate(MutationType.ADD, topologyKey, PLUS_ONE);
    }

    /**
     * Clears the cluster's whole tree except the members (running processes stay registered) and the topology
     * counter (so versions never go back); the caller bumps the topology.
     */
    void clearCluster(Transaction tr) {
        Range whole = root.range();
        Range kept = members.range();
        // ("cluster", "topology") sorts before ("members", ...): clear around both.
        tr.clear(whole.begin, topologyKey);
        tr.clear(ByteArrayUtil.join(topologyKey, new byte[]{0}), kept.begin);
        tr.clear(kept.end, whole.end);
    }

    /** Reads the whole routing table in {@code tr}. */
    CompletableFuture<RoutingTable> load(ReadTransaction tr) {
        CompletableFuture<byte[]> topology = tr.get(topologyKey);
        CompletableFuture<byte[]> version = tr.get(versionKey);
        CompletableFuture<List<KeyValue>> countValues = tr.getRange(counts.range()).asList();
        CompletableFuture<List<KeyValue>> shardValues = tr.getRange(shards.range()).asList();
        CompletableFuture<MemberScan> memberScan = scanMembers(tr);
        return CompletableFuture.allOf(topology, version, countValues, shardValues, memberScan).thenApply(ignored -> {
            long topologyVersion = topology.join() == null ? 0 : readLe(topology.join());
            if (version.join() == null) {
                return new RoutingTable(topologyVersion, false, Map.of(), memberScan.join().members());
            }
            return new RoutingTable(topologyVersion, true, routes(countValues.join(), shardValues.join()),
                memberScan.join().members());
        });
    }

    private Map<ShardKind, List<ShardRoute>> routes(List<KeyValue> countValues, List<KeyValue> shardValues) {
        Map<ShardKind, String[]> primaries = new EnumMap<>(ShardKind.class);
        Map<ShardKind, ShardStatus[]> statuses = new EnumMap<>(ShardKind.class);
        Map<ShardKind, List<TreeSet<String>>> standbys = new EnumMap<>(ShardKind.class);
        for (KeyValue kv : countValues) {
            ShardKind kind = ShardKind.valueOf(counts.unpack(kv.getKey()).getString(0));
            int count = (int) Tuple.fromBytes(kv.getValue()).getLong(0);
            primaries.put(kind, new String[count]);
            statuses.put(kind, new ShardStatus[count]);
            List<TreeSet<String>> sets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sets.add(new TreeSet<>());
            }
            standbys.put(kind, sets);
        }
        for (KeyValue kv : shardValues) {
            Tuple key = shards.unpack(kv.getKey());
            ShardKind kind = ShardKind.valueOf(key.getString(0));
            int id = (int) key.getLong(1);
            if (!primaries.containsKey(kind) || id >= primaries.get(kind).length) {
                continue;
            }
            switch (key.getString(2)) {
                case "primary" -> primaries.get(kind)[id] = ascii(kv.getValue());
                case "status" -> statuses.get(kind)[id] = ShardStatus.parse(ascii(kv.getValue()));
                case "standby" -> standbys.get(kind).get(id).add(key.getString(3));
                default -> {
                    // a field of a later version: ignored
                }
            }
        }
        Map<ShardKind, List<ShardRoute>> routes = new EnumMap<>(ShardKind.class);
        primaries.forEach((kind, ids) -> {
            List<ShardRoute> list = new ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) {
                ShardStatus status = statuses.get(kind)[i];
                list.add(new ShardRoute(ids[i], new ArrayList<>(standbys.get(kind).get(i)),
                    status == null ? ShardStatus.INOPERABLE : status));
            }
            routes.put(kind, list);
        });
        return routes;
    }

    /** Members and their heartbeat counters, read in {@code tr}. */
    record MemberScan(Map<String, Member> members, Map<String, Long> heartbeats) {
    }

    CompletableFuture<MemberScan> scanMembers(ReadTransaction tr) {
        return tr.getRange(members.range()).asList().thenApply(this::parseMembers);
    }

    private MemberScan parseMembers(List<KeyValue> values) {
        Map<String, byte[]> records = new HashMap<>();
        Map<String, byte[]> processes = new HashMap<>();
        Map<String, Long> heartbeats = new HashMap<>();
        for (KeyValue kv : values) {
            Tuple key = members.unpack(kv.getKey());
            String id = key.getString(0);
            switch (key.getString(1)) {
                case "record" -> records.put(id, kv.getValue());
                case "process" -> processes.put(id, kv.getValue());
                case "heartbeat" -> heartbeats.put(id, readLe(kv.getValue()));
                default -> {
                    // a field of a later version: ignored
                }
            }
        }
        Map<String, Member> result = new HashMap<>();
        records.forEach((id, record) -> result.put(id, decodeMember(id, record, processes.get(id))));
        return new MemberScan(result, heartbeats);
    }

    static byte[] encodeMember(Member member) {
        return Tuple.from(member.status().name(), member.externalHost(), member.externalPort(),
            member.internalHost(), member.internalPort()).pack();
    }

    static Member decodeMember(String id, byte[] record, byte[] process) {
        Tuple t = Tuple.fromBytes(record);
        MemberStatus status = MemberStatus.parse(t.getString(0));
        return new Member(id, status == null ? MemberStatus.UNKNOWN : status,
            process == null ? "" : Base64.getEncoder().encodeToString(process), t.getString(1),
            (int) t.getLong(2), t.getString(3), (int) t.getLong(4));
    }

    static String ascii(byte[] value) {
        return new String(value, StandardCharsets.US_ASCII);
    }

    static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] le(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    static long readLe(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[Long.BYTES]).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(value, 0, Math.min(value.length, Long.BYTES));
        return buffer.getLong(0);
    }
}
