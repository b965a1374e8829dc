package io.kronotop.server.volume;

import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RunningServer;
import io.kronotop.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.testing.RespClient.asList;
import static io.kronotop.server.testing.RespClient.asMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * VACUUM (and its older forms), PRUNE-CHANGELOG, CLEANUP-ORPHAN-FILES, MARK-STALE-PREFIXES, REPLICATIONS and
 * VOLUME.INSPECT CURSOR through the admin port. Entries are written through the server's own volumes (no client
 * command writes to a volume yet); every reply is read over the wire.
 */
@RealServer(config = {"cluster.redis.shards=3", "cluster.bucket.shards=0", "volume.segment.size.bytes=65536"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VolumeMaintenanceIT {
    private static final long PREFIX = 5;

    private static RespClient resp3(RunningServer server) {
        RespClient admin = RespClient.connect(server.adminPort());
        admin.call("HELLO", "3");
        return admin;
    }

    private static RespClient.Err err(String text) {
        return new RespClient.Err(text);
    }

    /** The open volume {@code name}, once the routing has opened it. */
    private static Volume volume(RunningServer server, String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().volumes().get(name) != null);
        return server.server().volumes().get(name);
    }

    /** Appends {@code count} entries of 1,500 bytes to {@code volume}. */
    private static List<Versionstamp> fill(Volume volume, int count) {
        List<Versionstamp> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[1500];
            bytes[0] = (byte) i;
            ids.add(volume.append(PREFIX, MemorySegment.ofArray(bytes)).join());
        }
        return ids;
    }

    @Test
    void shouldVacuumAVolumeAndReportItsProgress(RunningServer server) {
        Volume volume = volume(server, "redis-shard-0");
        List<Versionstamp> ids = fill(volume, 160);
        for (int i = 0; i < ids.size(); i++) {
            if (i % 4 != 0) {
                volume.delete(PREFIX, ids.get(i)).join();
            }
        }
        try (RespClient admin = resp3(server)) {
            List<Object> before = asList(admin.call("VOLUME.ADMIN", "LIST-SEGMENTS", "redis-shard-0"));
            assertThat(before).hasSizeGreaterThan(2);
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "STOP", "redis-shard-0"))
                .isEqualTo(err("ERR No active vacuum on volume redis-shard-0"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "START", "redis-shard-0", "30")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(30)).until(() -> asMap(admin.call("VOLUME.ADMIN", "VACUUM", "STATUS",
                "redis-shard-0")).get("active").equals(Boolean.FALSE));
            Map<Object, Object> status = asMap(admin.call("VOLUME.ADMIN", "VACUUM", "STATUS", "redis-shard-0"));
            Map<Object, Object> run = asMap(status.get("metadata"));
            assertThat(run).containsEntry("result", "COMPLETED").containsEntry("threshold", 30.0);
            assertThat((Long) run.get("segments_processed")).isGreaterThanOrEqualTo(before.size() - 1L);
            assertThat(asList(status.get("segments"))).allSatisfy(s ->
                assertThat(asMap(s)).containsEntry("status", "COMPLETED").containsKeys("segment_id", "started_at"));
            List<Object> after = asList(admin.call("VOLUME.ADMIN", "LIST-SEGMENTS", "redis-shard-0"));
            assertThat(after).doesNotContainAnyElementsOf(before.subList(0, before.size() - 1));
            for (int i = 0; i < ids.size(); i += 4) {
                assertThat(volume.get(PREFIX, ids.get(i)).join().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0))
                    .isEqualTo((byte) i);
            }

            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "START", "redis-shard-0", "30"))
                .isEqualTo(err("ERR Stale vacuum metadata exists on volume redis-shard-0, run DROP first"));
            assertThat(RedisCli.run(server.adminPort(), "VOLUME.ADMIN", "VACUUM", "DROP", "redis-shard-0").trim())
                .isEqualTo("OK");
            assertThat(asMap(admin.call("VOLUME.ADMIN", "VACUUM", "STATUS", "redis-shard-0")))
                .containsEntry("active", false).doesNotContainKey("metadata").containsEntry("segments", List.of());
        }
    }

    @Test
    void shouldAnswerVacuumErrors(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "START", "redis-shard-1", "foo"))
                .isEqualTo(err("ERR garbage-threshold must be a number"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "START", "redis-shard-1", "100"))
                .isEqualTo(err("ERR garbage-threshold must be between 0 and 100 (exclusive)"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "START", "bucket-shard-100", "10"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-100' is not open"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "STATUS", "redis-shard-1", "extra"))
                .isEqualTo(err("ERR invalid number of parameters"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "DROP", "bucket-shard-100"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-100' is not open"));

            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "redis-shard-1", "foo"))
                .isEqualTo(err("ERR value is not a double or out of range"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "bucket-shard-110", "10.2"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-110' is not open"));
            assertThat(admin.call("VOLUME.ADMIN", "STOP-VACUUM", "redis-shard-1"))
                .isEqualTo(err("ERR Vacuum task not found on redis-shard-1"));
            assertThat(admin.call("volume.admin", "stop-vacuum", "bucket-shard-110"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-110' is not open"));
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "redis-shard-1", "10.2")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> asMap(admin.call("VOLUME.ADMIN", "VACUUM", "STATUS",
                "redis-shard-1")).get("active").equals(Boolean.FALSE));
            assertThat(asMap(asMap(admin.call("VOLUME.ADMIN", "VACUUM", "STATUS", "redis-shard-1")).get("metadata")))
                .containsEntry("result", "NO_WORK");
            assertThat(admin.call("VOLUME.ADMIN", "VACUUM", "DROP", "redis-shard-1")).isEqualTo("OK");
        }
    }

    @Test
    void shouldShowTheCursorAndPruneTheChangelog(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            assertThat(asMap(admin.call("VOLUME.INSPECT", "CURSOR", "redis-shard-2")))
                .containsEntry("active_segment_id", 0L).containsEntry("versionstamp", "")
                .containsEntry("next_position", 256L).containsEntry("sequence_number", -1L);
            fill(volume(server, "redis-shard-2"), 1);
            Map<Object, Object> cursor = asMap(admin.call("VOLUME.INSPECT", "CURSOR", "redis-shard-2"));
            assertThat((String) cursor.get("versionstamp")).hasSize(20).matches("[0-9A-V]+");
            assertThat((Long) cursor.get("sequence_number")).isPositive();
            assertThat((Long) cursor.get("next_position")).isEqualTo(256L + 1536);

            assertThat(admin.call("VOLUME.ADMIN", "PRUNE-CHANGELOG", "redis-shard-2", "1")).isEqualTo("OK");
            assertThat(asMap(admin.call("VOLUME.INSPECT", "CURSOR", "redis-shard-2")).get("sequence_number"))
                .as("younger than an hour: kept").isEqualTo(cursor.get("sequence_number"));
            assertThat(admin.call("VOLUME.ADMIN", "PRUNE-CHANGELOG", "redis-shard-2", "0"))
                .isEqualTo(err("ERR retention period must be greater than zero"));
            assertThat(admin.call("VOLUME.ADMIN", "PRUNE-CHANGELOG", "redis-shard-2", "soon"))
                .isEqualTo(err("ERR value is not an integer or out of range"));
            assertThat(admin.call("VOLUME.ADMIN", "PRUNE-CHANGELOG", "bucket-shard-7", "1"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-7' is not open"));
            assertThat(admin.call("VOLUME.INSPECT", "CURSOR", "bucket-shard-7"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-7' is not open"));
            assertThat(admin.call("VOLUME.INSPECT", "NOPE", "redis-shard-2")).isInstanceOf(RespClient.Err.class);
        }
    }

    @Test
    void shouldDeleteOnlyUnreferencedSegmentFiles(RunningServer server) {
        Volume volume = volume(server, "redis-shard-2");
        List<Versionstamp> ids = fill(volume, 100);
        List<Long> segments = volume.segmentIds();
        assertThat(segments).hasSizeGreaterThan(2);
        for (int i = 1; i < ids.size(); i++) {
            volume.delete(PREFIX, ids.get(i)).join();
        }
        try (RespClient admin = resp3(server)) {
            List<Object> removed = asList(admin.call("VOLUME.ADMIN", "CLEANUP-ORPHAN-FILES", "redis-shard-2"));
            assertThat(removed).isNotEmpty();
            for (Object path : removed) {
                assertThat(Path.of((String) path)).isAbsolute().doesNotExist();
            }
            assertThat(Files.exists(volume.store().segmentPath(segments.getFirst()))).as("still referenced").isTrue();
            assertThat(volume.get(PREFIX, ids.getFirst()).join()).isNotNull();
            assertThat(asList(admin.call("VOLUME.ADMIN", "CLEANUP-ORPHAN-FILES", "redis-shard-2"))).isEmpty();
            assertThat(admin.call("VOLUME.ADMIN", "CLEANUP-ORPHAN-FILES", "bucket-shard-10"))
                .isEqualTo(err("ERR Volume: 'bucket-shard-10' is not open"));
        }
    }

    @Test
    void shouldRunTheStalePrefixTaskAndReportReplications(RunningServer server) {
        try (RespClient admin = resp3(server)) {
            assertThat(admin.call("VOLUME.ADMIN", "MARK-STALE-PREFIXES", "STOP"))
                .isEqualTo(err("ERR Task with name volume:mark-stale-prefixes-task does not exist"));
            assertThat(admin.call("VOLUME.ADMIN", "MARK-STALE-PREFIXES", "REMOVE"))
                .isEqualTo(err("ERR Task with name volume:mark-stale-prefixes-task does not exist"));
            assertThat(admin.call("VOLUME.ADMIN", "MARK-STALE-PREFIXES", "LAUNCH"))
                .isEqualTo(err("ERR invalid operation: LAUNCH"));
            assertThat(admin.call("VOLUME.ADMIN", "MARK-STALE-PREFIXES", "START")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.call("VOLUME.ADMIN", "MARK-STALE-PREFIXES",
                "REMOVE") instanceof RespClient.Err);
            assertThat(admin.call("VOLUME.ADMIN", "REPLICATIONS")).isEqualTo(Map.of());
        }
    }
}
