package io.kronotop.server.volume;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * VOLUME.ADMIN and VOLUME.STATS through the admin port, over two small redis-shard volumes: the server bootstraps
 * a one-member cluster with two REDIS shards and no BUCKET shard, so the routing opens exactly those two.
 */
@RealServer(config = {"cluster.redis.shards=2", "cluster.bucket.shards=0", "volume.segment.size.bytes=65536"})
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VolumeAdminIT {

    private static RespClient resp3(RunningServer server) {
        RespClient admin = RespClient.connect(server.adminPort());
        admin.call("HELLO", "3");
        return admin;
    }

    @Test
    void shouldListTheOpenVolumesAndTheirSegments(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            assertThat(asList(admin.call("VOLUME.ADMIN", "LIST"))).containsExactly("redis-shard-0", "redis-shard-1");
            assertThat(asList(admin.call("VOLUME.ADMIN", "LIST-SEGMENTS", "redis-shard-1"))).containsExactly(0L);
            assertThat(admin.call("VOLUME.ADMIN", "LIST-SEGMENTS", "bucket-shard-9"))
                .isEqualTo(new RespClient.Err("ERR Volume: 'bucket-shard-9' is not open"));
        }
    }

    @Test
    void shouldDescribeAVolume(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            Map<Object, Object> described = asMap(admin.call("VOLUME.ADMIN", "DESCRIBE", "redis-shard-0"));
            assertThat(described).containsEntry("name", "redis-shard-0").containsEntry("segment_size", 65536L)
                .containsKeys("status", "data_dir", "segments");
            assertThat((String) described.get("data_dir")).endsWith("redis-shard-0");
            Map<Object, Object> segment = asMap(asMap(described.get("segments")).get(0L));
            assertThat(segment).containsEntry("size", 65536L).containsEntry("free_bytes", 65536L - 256)
                .containsEntry("used_bytes", 0L).containsEntry("cardinality", 0L);
        }
    }

    @Test
    void shouldPersistAndReportTheStatus(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            assertThat(admin.call("VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "readonly")).isEqualTo("OK");
            assertThat(asMap(admin.call("VOLUME.ADMIN", "DESCRIBE", "redis-shard-1")))
                .containsEntry("status", "READONLY");
            assertThat(asMap(admin.call("VOLUME.STATS", "redis-shard-1"))).containsEntry("status", "READONLY");
            assertThat(admin.call("VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "BROKEN"))
                .isEqualTo(new RespClient.Err("ERR Invalid volume status: BROKEN"));
            assertThat(admin.call("VOLUME.ADMIN", "SET-STATUS", "redis-shard-1", "READWRITE")).isEqualTo("OK");
        }
    }

    @Test
    void shouldReportPerSegmentStats(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            List<Object> segments = asList(admin.call("VOLUME.STATS", "redis-shard-0", "segments"));
            assertThat(segments).hasSize(1);
            assertThat(asMap(segments.getFirst())).containsEntry("segment_id", 0L).containsEntry("size_bytes", 65536L)
                .containsEntry("garbage_bytes", 0L).containsEntry("cardinality", 0L);
            Map<Object, Object> overview = asMap(admin.call("VOLUME.STATS", "redis-shard-0"));
            assertThat(overview).containsEntry("segment_count", 1L).containsEntry("total_cardinality", 0L);
            assertThat(admin.call("VOLUME.STATS", "redis-shard-0", "NOPE"))
                .isEqualTo(new RespClient.Err("ERR unknown subcommand 'NOPE'"));
        }
    }

    @Test
    void shouldReportAndResetTheOperationCounters(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            assertThat(asMap(admin.call("VOLUME.STATS", "redis-shard-0", "OPCOUNTERS"))).containsOnlyKeys("appends",
                "deletes", "updates", "gets", "bytes_appended", "bytes_read", "segments_created");
            assertThat(admin.call("VOLUME.STATS", "redis-shard-0", "RESET")).isEqualTo("OK");
            assertThat(asMap(admin.call("VOLUME.STATS", "redis-shard-0", "OPCOUNTERS"))).containsEntry("appends", 0L);
        }
    }

    @Test
    void shouldNotServeVolumeCommandsOnTheClientPort(RunningServer server) {
        try (RespClient client = RespClient.connect(server.port())) {
            assertThat(client.call("VOLUME.ADMIN", "LIST")).isInstanceOf(RespClient.Err.class);
        }
    }
}
