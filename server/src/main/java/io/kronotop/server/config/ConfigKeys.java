package io.kronotop.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key the server knows, with its default. A key not listed here is rejected at start. */
public final class ConfigKeys {
    public static final ConfigKey DATA_DIR = key("data.dir", "./data",
        "Folder for all local data (metastore, volumes, member id); created when missing.");
    public static final ConfigKey SERVER_HOST = key("server.host", "127.0.0.1",
        "Address the client port binds to.");
    public static final ConfigKey SERVER_PORT = key("server.port", "5484",
        "Client port (RESP2/RESP3). 0 picks a free port, logged at start.");
    public static final ConfigKey ADMIN_HOST = key("admin.host", "127.0.0.1",
        "Address the administration port binds to.");
    public static final ConfigKey ADMIN_PORT = key("admin.port", "3320",
        "Administration port. 0 picks a free port, logged at start.");
    public static final ConfigKey SERVER_TRANSPORT = key("server.transport", "auto",
        "auto | io_uring | epoll | nio. auto tries io_uring, then epoll, then NIO, and logs why.");
    public static final ConfigKey SERVER_REACTORS = key("server.reactors", "0",
        "Number of reactor threads; 0 means one per available core.");
    public static final ConfigKey SERVER_OFFLOAD_THREADS = key("server.offload.threads", "4",
        "Threads that run blocking work (fsync, metadata waits) off the reactors.");
    public static final ConfigKey SERVER_BACKLOG = key("server.backlog", "4096",
        "Listen backlog of both ports.");
    public static final ConfigKey SERVER_MAX_CLIENTS = key("server.max_clients", "10000",
        "Connections accepted at once across both ports; further ones get an error and are closed.");
    public static final ConfigKey SERVER_MONITOR_MAX_OUTPUT_BYTES = key("server.monitor.max_output_bytes",
        "67108864", "Bytes of MONITOR lines a monitor connection may have waiting to be sent; a monitor that falls "
            + "further behind is disconnected, as Redis does past a client's output buffer limit.");
    public static final ConfigKey SERVER_SLOWLOG_LOG_SLOWER_THAN_US = key("server.slowlog.log_slower_than_us",
        "10000", "Microseconds of execution from which a command goes into the slow log (SLOWLOG GET); 0 logs every "
            + "command, -1 none. CONFIG SET slowlog-log-slower-than changes it at run time.");
    public static final ConfigKey SERVER_SLOWLOG_MAX_LEN = key("server.slowlog.max_len", "128",
        "Entries the slow log keeps, the newest ones. CONFIG SET slowlog-max-len changes it at run time.");
    public static final ConfigKey SERVER_LATENCY_TRACKING = key("server.latency_tracking", "yes",
        "yes or no: whether each command's latency is recorded for INFO latencystats and LATENCY HISTOGRAM. "
            + "CONFIG SET latency-tracking changes it at run time.");
    public static final ConfigKey SERVER_LATENCY_TRACKING_INFO_PERCENTILES = key(
        "server.latency_tracking.info_percentiles", "50 99 99.9",
        "Space-separated percentiles (0 to 100) that INFO latencystats shows for each command. CONFIG SET "
            + "latency-tracking-info-percentiles changes them at run time.");
    public static final ConfigKey SERVER_SHUTDOWN_GRACE_MS = key("server.shutdown.grace_ms", "2000",
        "How long a graceful shutdown waits for in-flight replies before closing connections.");
    public static final ConfigKey PROTO_MAX_BULK_BYTES = key("protocol.max_bulk_bytes", "536870912",
        "Largest bulk string argument a client may send (Redis proto-max-bulk-len).");
    public static final ConfigKey PROTO_MAX_MULTIBULK = key("protocol.max_multibulk_length", "1048576",
        "Largest number of arguments in one request.");
    public static final ConfigKey PROTO_MAX_INLINE_BYTES = key("protocol.max_inline_bytes", "65536",
        "Longest inline command line, and longest RESP header line.");
    public static final ConfigKey AUTH_REQUIREPASS = key("auth.requirepass", "",
        "Password of the default user. When set, every command but AUTH, HELLO and QUIT needs AUTH first.");
    public static final ConfigKey CLUSTER_NAME = key("cluster.name", "development",
        "Name of the cluster this member belongs to.");
    public static final ConfigKey CLUSTER_BOOTSTRAP = key("cluster.bootstrap", "auto",
        "auto: with no cluster initialised, start a one-member cluster owning every shard, READWRITE; "
            + "manual: wait for KR.ADMIN INITIALIZE-CLUSTER and routes.");
    public static final ConfigKey CLUSTER_REDIS_SHARDS = key("cluster.redis.shards", "0",
        "REDIS shards created by INITIALIZE-CLUSTER (fixed afterwards); 0: one per reactor of the initialising member.");
    public static final ConfigKey CLUSTER_BUCKET_SHARDS = key("cluster.bucket.shards", "1",
        "BUCKET shards created by INITIALIZE-CLUSTER (fixed afterwards).");
    public static final ConfigKey CLUSTER_HEARTBEAT_INTERVAL_MS = key("cluster.heartbeat.interval.ms", "1000",
        "How often a member advances its heartbeat counter and checks the others'.");
    public static final ConfigKey CLUSTER_SILENT_PERIOD_MS = key("cluster.silent.period.ms", "5000",
        "How long a RUNNING member's heartbeat may stand still before the others report it silent.");

    public static final ConfigKey METASTORE_BACKEND = key("metastore.backend", "embedded",
        "embedded (in-process, under the data folder) or foundationdb (a FoundationDB cluster).");
    public static final ConfigKey METASTORE_DIR = key("metastore.dir", "",
        "Folder of the embedded metastore; empty means <data.dir>/metastore.");
    public static final ConfigKey METASTORE_MEMORY_LIMIT = key("metastore.memory_limit", "1g",
        "Bytes of keys, values and retained versions the embedded metastore may hold (k, m, g suffixes).");
    public static final ConfigKey METASTORE_CHECKPOINT_LOG_BYTES = key("metastore.checkpoint.log_bytes", "64m",
        "Write-ahead log bytes that trigger a checkpoint of the embedded metastore.");
    public static final ConfigKey FDB_CLUSTER_FILE = key("fdb.cluster_file", "",
        "FoundationDB cluster file when metastore.backend is foundationdb; empty means fdb-java's default lookup.");
    public static final ConfigKey NAMESPACE_DEFAULT = key("namespace.default", "global",
        "Namespace a new session works in; created at start, cannot be removed.");
    public static final ConfigKey SESSION_REPLY_TYPE = key("session.attributes.reply_type", "bson",
        "Default of the reply-type session attribute: bson or json.");
    public static final ConfigKey SESSION_INPUT_TYPE = key("session.attributes.input_type", "bson",
        "Default of the input-type session attribute: bson or json.");
    public static final ConfigKey VOLUME_SEGMENT_SIZE_BYTES = key("volume.segment.size.bytes", "4294967296",
        "Size of each new segment file of a volume; a multiple of 8, at least 4352.");
    public static final ConfigKey VOLUME_CHANGELOG_RETENTION_MS = key("volume.changelog.retention.ms", "60000",
        "Changelog records older than this are pruned automatically (a bounded backlog); 0: only PRUNE-CHANGELOG.");
    public static final ConfigKey STASH_DURABILITY = key("stash.durability", "sync",
        "sync: a write to a REDIS shard is acknowledged once durable; async: at once, persisted within the window.");
    public static final ConfigKey STASH_ASYNC_WINDOW_MS = key("stash.async.window.ms", "1000",
        "async durability: pending changes are written to the shard's volume at least this often.");
    public static final ConfigKey STASH_ASYNC_MAX_PENDING_BYTES = key("stash.async.max_pending_bytes", "67108864",
        "async durability: backlog beyond which writes wait until durable, as in sync mode, until it drains.");
    public static final ConfigKey STASH_SEGMENT_SIZE_BYTES = key("stash.segment.size.bytes", "1073741824",
        "Largest segment of a REDIS shard volume: those use the smaller of this and volume.segment.size.bytes.");
    public static final ConfigKey STASH_VACUUM_GARBAGE_PERCENT = key("stash.vacuum.garbage_percent", "50",
        "A vacuum run starts by itself on a REDIS shard volume with a sealed segment this full of garbage; 0: off.");
    public static final ConfigKey STASH_VACUUM_INTERVAL_MS = key("stash.vacuum.interval.ms", "30000",
        "How often REDIS shard volumes are checked for the automatic vacuum.");
    public static final ConfigKey STASH_RECOVERY_PAGE_ENTRIES = key("stash.recovery.page_entries", "10000",
        "Entries read per metastore transaction while a REDIS shard is loaded from its volume.");
    public static final ConfigKey STASH_LOG_MIN_BYTES = key("stash.log.min_bytes", "33554432",
        "A REDIS shard's packs may take this many bytes before its oldest live records are written again.");
    public static final ConfigKey STASH_STAGE_MAX_BYTES = key("stash.stage.max_bytes", "32768",
        "A REDIS shard's pack of at most this many bytes is made durable by one metastore commit (staged), and"
            + " moved into the shard's volume later; 0: every pack goes straight to the volume. At most 90000.");
    public static final ConfigKey STASH_STAGE_MOVE_BYTES = key("stash.stage.move_bytes", "262144",
        "Staged packs of a REDIS shard are moved into its volume once they add up to this many bytes.");
    public static final ConfigKey STASH_STAGE_MOVE_AFTER_MS = key("stash.stage.move_after.ms", "1000",
        "Staged packs of a REDIS shard are moved into its volume at the latest this long after the first of them.");
    public static final ConfigKey STASH_PATCH_MIN_BYTES = key("stash.patch.min_bytes", "4096",
        "A string of at least this many bytes changed in place (SETRANGE, SETBIT, BITFIELD, APPEND, EXPIRE) is"
            + " persisted as a patch of the changed bytes rather than whole.");

    public static final ConfigKey REDIS_MAXMEMORY = key("redis.maxmemory", "0",
        "Bound on the estimated memory of the Redis keyspace (bytes, or k/m/g/kb/mb/gb); 0 means no bound. "
            + "Writes beyond it get Redis's OOM error. CONFIG SET maxmemory changes it at run time.");

    private static final Map<String, ConfigKey> ALL = index(List.of(
        DATA_DIR, SERVER_HOST, SERVER_PORT, ADMIN_HOST, ADMIN_PORT, SERVER_TRANSPORT, SERVER_REACTORS,
        SERVER_OFFLOAD_THREADS, SERVER_BACKLOG, SERVER_MAX_CLIENTS, SERVER_MONITOR_MAX_OUTPUT_BYTES,
        SERVER_SLOWLOG_LOG_SLOWER_THAN_US, SERVER_SLOWLOG_MAX_LEN, SERVER_LATENCY_TRACKING,
        SERVER_LATENCY_TRACKING_INFO_PERCENTILES, SERVER_SHUTDOWN_GRACE_MS,
        PROTO_MAX_BULK_BYTES, PROTO_MAX_MULTIBULK, PROTO_MAX_INLINE_BYTES, AUTH_REQUIREPASS, CLUSTER_NAME,
        CLUSTER_BOOTSTRAP, CLUSTER_REDIS_SHARDS, CLUSTER_BUCKET_SHARDS, CLUSTER_HEARTBEAT_INTERVAL_MS,
        CLUSTER_SILENT_PERIOD_MS,
        METASTORE_BACKEND, METASTORE_DIR, METASTORE_MEMORY_LIMIT, METASTORE_CHECKPOINT_LOG_BYTES, FDB_CLUSTER_FILE,
        NAMESPACE_DEFAULT, SESSION_REPLY_TYPE, SESSION_INPUT_TYPE, VOLUME_SEGMENT_SIZE_BYTES,
        VOLUME_CHANGELOG_RETENTION_MS, STASH_DURABILITY, STASH_ASYNC_WINDOW_MS, STASH_ASYNC_MAX_PENDING_BYTES,
        STASH_RECOVERY_PAGE_ENTRIES, STASH_LOG_MIN_BYTES, STASH_STAGE_MAX_BYTES, STASH_STAGE_MOVE_BYTES,
        STASH_STAGE_MOVE_AFTER_MS, STASH_PATCH_MIN_BYTES, STASH_SEGMENT_SIZE_BYTES, STASH_VACUUM_GARBAGE_PERCENT,
        STASH_VACUUM_INTERVAL_MS, REDIS_MAXMEMORY));

    private ConfigKeys() {
    }

    private static ConfigKey key(String name, String defaultValue, String description) {
        return new ConfigKey(name, defaultValue, description);
    }

    private static Map<String, ConfigKey> index(List<ConfigKey> keys) {
        Map<String, ConfigKey> map = new LinkedHashMap<>();
        for (ConfigKey key : keys) {
            map.put(key.name(), key);
        }
        return Map.copyOf(map);
    }

    /** The key called {@code name}, or null. */
    public static ConfigKey find(String name) {
        return ALL.get(name);
    }

    /** Every key, in no particular order. */
    public static Iterable<ConfigKey> all() {
        return ALL.values();
    }
}
