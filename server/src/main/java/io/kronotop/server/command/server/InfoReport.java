package io.kronotop.server.command.server;

import io.kronotop.server.SuppressForbidden;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.metrics.LatencyTracking;
import io.kronotop.server.metrics.ProcessStats;
import io.kronotop.server.redis.MemorySize;
import io.kronotop.server.metrics.ServerStats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds INFO's text, section by section, with Redis's field names where they exist. */
final class InfoReport {
    /** Redis 7's default sections (but modules), with Kronotop's reactors. */
    static final List<String> DEFAULT_SECTIONS =
        List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "reactors",
            "errorstats", "cluster", "keyspace");
    static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
        "replication", "cpu", "reactors", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");

    private InfoReport() {
    }

    static String build(ServerContext server, Set<String> sections, long nowMs) {
        StringBuilder sb = new StringBuilder(2048);
        for (String section : ALL_SECTIONS) {
            if (!sections.contains(section)) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append("\r\n");
            }
            switch (section) {
                case "server" -> server(sb, server, nowMs);
                case "clients" -> clients(sb, server);
                case "memory" -> memory(sb, server);
                case "persistence" -> persistence(sb, server);
                case "stats" -> stats(sb, server);
                case "replication" -> replication(sb, server);
                case "cpu" -> cpu(sb, server);
                case "reactors" -> reactors(sb, server);
                case "commandstats" -> commandStats(sb, server);
                case "errorstats" -> errorStats(sb, server);
                case "latencystats" -> latencyStats(sb, server);
                case "cluster" -> server.writeInfoSection("cluster", sb);
                case "keyspace" -> keyspace(sb, server);
                default -> throw new IllegalStateException(section);
            }
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    private static void server(StringBuilder sb, ServerContext server, long nowMs) {
        long uptimeSec = Math.max(0, (nowMs - server.startedAtMs()) / 1000);
        sb.append("# Server\r\n");
        field(sb, "redis_version", ServerContext.REDIS_COMPAT_VERSION);
        field(sb, "kronotop_version", ServerContext.VERSION);
        field(sb, "redis_mode", "cluster");
        field(sb, "multiplexing_api", server.transportName());
        field(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"));
        field(sb, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        field(sb, "java_version", Runtime.version());
        field(sb, "process_id", ProcessHandle.current().pid());
        field(sb, "run_id", server.runId());
        field(sb, "tcp_port", server.boundPort());
        field(sb, "admin_port", server.boundAdminPort());
        field(sb, "server_time_usec", nowMs * 1000);
        field(sb, "uptime_in_seconds", uptimeSec);
        field(sb, "uptime_in_days", uptimeSec / 86400);
        // Redis's timer frequency: its active expiry runs every 100 ms, as Kronotop's does
        field(sb, "hz", 10);
        field(sb, "configured_hz", 10);
        field(sb, "lru_clock", (nowMs / 1000) & ((1 << 24) - 1));
        field(sb, "executable", ProcessHandle.current().info().command().orElse(""));
        field(sb, "transport", server.transportName());
        field(sb, "reactors", server.reactorCount());
        field(sb, "cluster_name", server.config().clusterName());
        field(sb, "data_dir", server.config().dataDir().toAbsolutePath());
    }

    private static void clients(StringBuilder sb, ServerContext server) {
        sb.append("# Clients\r\n");
        field(sb, "connected_clients", server.clients().size());
        field(sb, "maxclients", server.config().maxClients());
        field(sb, "blocked_clients", server.stats().blockedClients.sum());
    }

    private static void keyspace(StringBuilder sb, ServerContext server) {
        sb.append("# Keyspace\r\n");
        if (server.redis() != null && server.redis().keys() > 0) {
            sb.append("db0:keys=").append(server.redis().keys()).append(",expires=").append(server.redis().expires())
                .append(",avg_ttl=0\r\n");
        }
    }

    private static void memory(StringBuilder sb, ServerContext server) {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = ServerContext.heapInUse();
        long direct = ServerContext.directInUse();
        long used = heapUsed + direct;
        server.instantaneous().notePeak(used);
        long peak = server.instantaneous().peakMemory();
        long rss = server.instantaneous().residentBytes();
        sb.append("# Memory\r\n");
        field(sb, "used_memory", used);
        field(sb, "used_memory_human", MemorySize.human(used));
        field(sb, "used_memory_rss", rss);
        field(sb, "used_memory_rss_human", MemorySize.human(rss));
        field(sb, "used_memory_peak", peak);
        field(sb, "used_memory_peak_human", MemorySize.human(peak));
        field(sb, "used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : used * 100.0 / peak));
        field(sb, "used_memory_startup", server.startupMemory());
        field(sb, "used_memory_heap", heapUsed);
        field(sb, "used_memory_direct", direct);
        long dataset = server.redis() == null ? 0 : server.redis().usedMemoryBytes();
        long maxMemory = server.redis() == null ? 0 : server.redis().maxMemoryBytes();
        field(sb, "used_memory_overhead", Math.max(0, used - dataset));
        field(sb, "used_memory_dataset", dataset);
        field(sb, "used_memory_dataset_human", MemorySize.human(dataset));
        long net = used - server.startupMemory();
        field(sb, "used_memory_dataset_perc",
            String.format(Locale.ROOT, "%.2f%%", net <= 0 ? 0.0 : Math.min(100.0, dataset * 100.0 / net)));
        field(sb, "maxmemory", maxMemory);
        field(sb, "maxmemory_human", MemorySize.human(maxMemory));
        field(sb, "jvm_max_heap", rt.maxMemory());
        field(sb, "maxmemory_policy", "noeviction");
        long system = totalSystemMemory();
        field(sb, "total_system_memory", system);
        field(sb, "total_system_memory_human", MemorySize.human(system));
        // the JVM reserves its heap up front: the resident size counts memory free in the heap too
        field(sb, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used));
        field(sb, "mem_fragmentation_bytes", rss - used);
        field(sb, "mem_allocator", "jvm");
    }

    @SuppressForbidden("HotSpot's extension, guarded by instanceof; 0 elsewhere")
    private static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static void persistence(StringBuilder sb, ServerContext server) {
        int before = sb.length();
        server.writeInfoSection("persistence", sb);
        if (sb.length() != before) {
            return;
        }
        sb.append("# Persistence\r\n");
        field(sb, "loading", 0);
        field(sb, "async_loading", 0);
        field(sb, "rdb_changes_since_last_save", 0);
        field(sb, "rdb_bgsave_in_progress", 0);
        if (server.redis() != null) {
            field(sb, "rdb_last_save_time", server.redis().saves().lastSaveSeconds());
        }
        field(sb, "aof_enabled", 0);
        field(sb, "aof_rewrite_in_progress", 0);
    }

    /**
     * Redis's replication fields, as a primary without replicas gives them: a member serves writes for the shards it
     * is primary for (and answers MOVED for the others), and the standbys of its shards copy volumes, not a Redis
     * replication stream. Health checks (HAProxy's {@code role:master}) and exporters read this section.
     */
    private static void replication(StringBuilder sb, ServerContext server) {
        sb.append("# Replication\r\n");
        field(sb, "role", "master");
        field(sb, "connected_slaves", 0);
        field(sb, "master_failover_state", "no-failover");
        field(sb, "master_replid", server.runId());
        field(sb, "master_replid2", "0000000000000000000000000000000000000000");
        field(sb, "master_repl_offset", 0);
        field(sb, "second_repl_offset", -1);
        field(sb, "repl_backlog_active", 0);
        field(sb, "repl_backlog_size", 0);
        field(sb, "repl_backlog_first_byte_offset", 0);
        field(sb, "repl_backlog_histlen", 0);
    }

    private static void stats(StringBuilder sb, ServerContext server) {
        ServerStats s = server.stats();
        sb.append("# Stats\r\n");
        field(sb, "total_connections_received", s.connectionsReceived.sum());
        field(sb, "total_commands_processed", s.commandsProcessed.sum());
        field(sb, "instantaneous_ops_per_sec", server.instantaneous().opsPerSecond());
        field(sb, "total_net_input_bytes", s.netInputBytes.sum());
        field(sb, "total_net_output_bytes", s.netOutputBytes.sum());
        field(sb, "instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", server.instantaneous().inputKbps()));
        field(sb, "instantaneous_output_kbps",
            String.format(Locale.ROOT, "%.2f", server.instantaneous().outputKbps()));
        field(sb, "rejected_connections", s.connectionsRejected.sum());
        field(sb, "total_error_replies", s.errorReplies.sum());
        field(sb, "total_protocol_errors", s.protocolErrors.sum());
        field(sb, "keyspace_hits", server.redis() == null ? 0 : server.redis().hits());
        field(sb, "keyspace_misses", server.redis() == null ? 0 : server.redis().misses());
        field(sb, "expired_keys", server.redis() == null ? 0 : server.redis().expiredKeys());
        field(sb, "evicted_keys", 0);
        // true of this server: it never forks, and it has no pub/sub
        field(sb, "total_forks", 0);
        field(sb, "pubsub_channels", 0);
        field(sb, "pubsub_patterns", 0);
    }

    /**
     * CPU seconds as Redis reports them: the process's user and system time and its children's, and, for Redis's
     * main thread, the reactors' added up.
     */
    private static void cpu(StringBuilder sb, ServerContext server) {
        ProcessStats.Cpu cpu = server.instantaneous().cpu();
        long reactorCpu = 0;
        long reactorUser = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadCpuTimeSupported()) {
            for (long id : server.reactorThreadIds()) {
                reactorCpu += Math.max(0, threads.getThreadCpuTime(id));
                reactorUser += Math.max(0, threads.getThreadUserTime(id));
            }
        }
        sb.append("# CPU\r\n");
        field(sb, "used_cpu_sys", seconds(cpu.system()));
        field(sb, "used_cpu_user", seconds(cpu.user()));
        field(sb, "used_cpu_sys_children", seconds(cpu.childrenSystem()));
        field(sb, "used_cpu_user_children", seconds(cpu.childrenUser()));
        field(sb, "used_cpu_sys_main_thread", seconds(Math.max(0, reactorCpu - reactorUser) / 1e9));
        field(sb, "used_cpu_user_main_thread", seconds(reactorUser / 1e9));
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static void reactors(StringBuilder sb, ServerContext server) {
        sb.append("# Reactors\r\n");
        field(sb, "transport", server.transportName());
        field(sb, "reactors", server.reactorCount());
        for (int i = 0; i < server.reactorCount(); i++) {
            field(sb, "reactor_" + i, "connections=" + server.reactorConnections(i).get());
        }
    }

    private static void commandStats(StringBuilder sb, ServerContext server) {
        sb.append("# Commandstats\r\n");
        // The two ports register their own specs of shared commands: add them up by name.
        Map<String, long[]> byName = new TreeMap<>();
        server.allCommandStats().forEach((spec, stats) -> {
            long[] sums = byName.computeIfAbsent(spec.name(), n -> new long[4]);
            sums[0] += stats.calls.sum();
            sums[1] += stats.nanos.sum();
            sums[2] += stats.rejectedCalls.sum();
            sums[3] += stats.failedCalls.sum();
        });
        byName.forEach((name, sums) -> {
            if (sums[0] == 0 && sums[2] == 0) {
                return;
            }
            sb.append("cmdstat_").append(name).append(":calls=").append(sums[0]).append(",usec=").append(sums[1] / 1000)
                .append(",usec_per_call=")
                .append(String.format(Locale.ROOT, "%.2f", sums[0] == 0 ? 0.0 : sums[1] / 1000.0 / sums[0]))
                .append(",rejected_calls=").append(sums[2])
                .append(",failed_calls=").append(sums[3]).append("\r\n");
        });
    }

    /** Redis 7's section: the chosen percentiles of each command's latency, in microseconds. */
    private static void latencyStats(StringBuilder sb, ServerContext server) {
        sb.append("# Latencystats\r\n");
        double[] percentiles = server.latencyTracking().percentiles();
        LatencyDistributions.byName(server).forEach((name, histogram) -> {
            sb.append("latency_percentiles_usec_").append(name).append(':');
            for (int i = 0; i < percentiles.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('p').append(LatencyTracking.label(percentiles[i])).append('=')
                    .append(String.format(Locale.ROOT, "%.3f",
                        histogram.getValueAtPercentile(percentiles[i]) / 1000.0));
            }
            sb.append("\r\n");
        });
    }

    private static void errorStats(StringBuilder sb, ServerContext server) {
        sb.append("# Errorstats\r\n");
        server.stats().errorsByPrefix().forEach((prefix, count) ->
            sb.append("errorstat_").append(prefix).append(":count=").append(count).append("\r\n"));
    }
}
