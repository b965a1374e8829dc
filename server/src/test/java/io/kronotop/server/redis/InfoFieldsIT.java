package io.kronotop.server.redis;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The INFO fields that monitoring agents (redis_exporter, Datadog's and Telegraf's Redis checks) read, compared with
 * redis-server's default INFO: the same sections and fields, with values that move as they should under load.
 */
@RealServer
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InfoFieldsIT extends SideBySide {
    /** The fields dashboards and alerts are built on, by section. */
    private static final List<String> WATCHED = List.of(
        "redis_version", "redis_mode", "multiplexing_api", "process_id", "run_id", "tcp_port", "uptime_in_seconds",
        "hz", "configured_hz", "lru_clock", "executable",
        "connected_clients", "maxclients", "blocked_clients",
        "used_memory", "used_memory_human", "used_memory_rss", "used_memory_rss_human", "used_memory_peak",
        "used_memory_peak_human", "used_memory_peak_perc", "used_memory_overhead", "used_memory_startup",
        "used_memory_dataset", "used_memory_dataset_perc", "total_system_memory", "total_system_memory_human",
        "maxmemory", "maxmemory_human", "maxmemory_policy", "mem_fragmentation_ratio", "mem_fragmentation_bytes",
        "mem_allocator",
        "loading", "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time", "aof_enabled",
        "aof_rewrite_in_progress",
        "total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec",
        "total_net_input_bytes", "total_net_output_bytes", "instantaneous_input_kbps", "instantaneous_output_kbps",
        "rejected_connections", "expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses", "total_forks",
        "pubsub_channels", "pubsub_patterns", "total_error_replies",
        "role", "connected_slaves", "master_repl_offset",
        "used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children",
        "used_cpu_sys_main_thread", "used_cpu_user_main_thread");


    /** INFO's text as section name to fields. */
    private static Map<String, Map<String, String>> info(RespClient c, String... sections) {
        List<String> request = new ArrayList<>(List.of("INFO"));
        request.addAll(List.of(sections));
        Map<String, Map<String, String>> parsed = new HashMap<>();
        Map<String, String> current = null;
        for (String line : ((String) c.call(request.toArray(String[]::new))).split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new HashMap<>();
                parsed.put(line.substring(2), current);
            } else if (!line.isEmpty()) {
                current.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1));
            }
        }
        return parsed;
    }

    /** The watched fields each section holds, as [section, field]. */
    private static List<List<String>> watched(Map<String, Map<String, String>> info) {
        List<List<String>> found = new ArrayList<>();
        info.forEach((section, fields) -> fields.keySet().stream().filter(WATCHED::contains)
            .forEach(field -> found.add(List.of(section, field))));
        found.sort((a, b) -> (a.get(0) + ":" + a.get(1)).compareTo(b.get(0) + ":" + b.get(1)));
        return found;
    }

    @Test
    void shouldGiveTheFieldsMonitoringAgentsReadInRedisSections(RunningServer server) {
        try (RespClient ours = RespClient.connect(server.port());
             RespClient theirs = RespClient.connect(redis.port())) {
            List<List<String>> expected = watched(info(theirs));
            assertThat(expected).as("every watched field is Redis's").hasSize(WATCHED.size());
            // in Redis's section each (the cluster section also names the member's process)
            assertThat(watched(info(ours))).containsAll(expected);
            Map<String, Map<String, String>> all = info(ours, "everything");
            assertThat(all).containsKeys("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace", "Reactors");
            Map<String, String> memory = all.get("Memory");
            assertThat(Long.parseLong(memory.get("used_memory_rss"))).isPositive();
            assertThat(Long.parseLong(memory.get("used_memory_peak")))
                .isGreaterThanOrEqualTo(Long.parseLong(memory.get("used_memory")));
            assertThat(all.get("Server").get("multiplexing_api")).isIn("io_uring", "epoll", "nio");
        }
    }

    @Test
    void shouldShowTheLoadInTheInstantaneousRatesAndTheCpuTimes(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            double cpuBefore = Double.parseDouble(info(c, "cpu").get("CPU").get("used_cpu_user_main_thread"));
            byte[] pings = new byte[0];
            for (int i = 0; i < 2000; i++) {
                pings = concat(pings, RespClient.encode("PING"));
            }
            byte[] batch = pings;
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.sendRaw(batch);
                for (int i = 0; i < 2000; i++) {
                    c.read();
                }
                Map<String, String> stats = info(c, "stats").get("Stats");
                return Long.parseLong(stats.get("instantaneous_ops_per_sec")) > 0
                    && Double.parseDouble(stats.get("instantaneous_input_kbps")) > 0
                    && Double.parseDouble(stats.get("instantaneous_output_kbps")) > 0;
            });
            double cpuAfter = Double.parseDouble(info(c, "cpu").get("CPU").get("used_cpu_user_main_thread"));
            assertThat(cpuAfter).as("the reactors' user time grows with the work").isGreaterThan(cpuBefore);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
