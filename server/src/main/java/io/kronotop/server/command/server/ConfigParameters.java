package io.kronotop.server.command.server;

import io.kronotop.server.command.ServerContext;
import io.kronotop.server.config.ConfigKeys;
import io.kronotop.server.config.ServerConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What CONFIG GET shows: the Redis parameters that clients and load tools ask for, answered from this
 * server's settings, then every Kronotop configuration key. Secrets are never shown.
 */
final class ConfigParameters {
    private ConfigParameters() {
    }

    static Map<String, String> snapshot(ServerContext server) {
        ServerConfig c = server.config();
        Map<String, String> map = new LinkedHashMap<>();
        map.put("bind", c.host());
        map.put("port", Integer.toString(server.boundPort()));
        map.put("databases", "1");
        map.put("maxclients", Integer.toString(c.maxClients()));
        map.put("maxmemory", Long.toString(server.redis() == null ? 0 : server.redis().maxMemoryBytes()));
        map.put("maxmemory-policy", "noeviction");
        map.put("proto-max-bulk-len", Long.toString(c.limits().maxBulkBytes()));
        map.put("timeout", "0");
        map.put("tcp-keepalive", "300");
        map.put("tcp-backlog", Integer.toString(c.backlog()));
        map.put("save", "");
        map.put("appendonly", "no");
        map.put("appendfsync", "always");
        map.put("cluster-enabled", "yes");
        map.put("io-threads", "1");
        map.put("hz", "10");
        map.put("dir", c.dataDir().toAbsolutePath().toString());
        map.put("requirepass", "");
        map.put("slowlog-log-slower-than", Long.toString(server.slowLog().thresholdMicros()));
        map.put("slowlog-max-len", Long.toString(server.slowLog().maxLength()));
        map.put("latency-tracking", server.latencyTracking().enabled() ? "yes" : "no");
        map.put("latency-tracking-info-percentiles", server.latencyTracking().percentilesText());
        server.rawConfig().asMap().forEach((key, value) ->
            map.put(key, key.equals(ConfigKeys.AUTH_REQUIREPASS.name()) ? "" : value));
        // the keys CONFIG SET changes show their value now
        map.put(ConfigKeys.SERVER_SLOWLOG_LOG_SLOWER_THAN_US.name(), map.get("slowlog-log-slower-than"));
        map.put(ConfigKeys.SERVER_SLOWLOG_MAX_LEN.name(), map.get("slowlog-max-len"));
        map.put(ConfigKeys.SERVER_LATENCY_TRACKING.name(), map.get("latency-tracking"));
        map.put(ConfigKeys.SERVER_LATENCY_TRACKING_INFO_PERCENTILES.name(),
            map.get("latency-tracking-info-percentiles"));
        return map;
    }
}
