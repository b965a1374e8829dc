package io.kronotop.volume;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.changelog.HybridLogicalClock;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.test.Payloads;
import io.kronotop.volume.vacuum.VacuumException;
import io.kronotop.volume.vacuum.VacuumReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Vacuum, orphan cleanup and prefix removal on a real volume over the embedded metastore. */
@Timeout(60)
class VacuumTest {
    private static final String NAME = "bucket-shard-1";
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    private static final VolumeConfig SMALL = VolumeConfig.defaults().withSegmentSizeBytes(64 * 1024);
    private static final long PREFIX = 0x0C0C_0C0C_0C0C_0C0CL;

    @TempDir
    Path dir;

    private EmbeddedDatabase db;
    private Volume volume;

    @BeforeEach
    void open() throws IOException {
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        volume = Volume.open(dir.resolve(NAME), NAME, SMALL, db, SUBSPACE);
    }

    @AfterEach
    void close() {
        if (volume != null) {
            volume.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static byte[] payload(long id) {
        return Payloads.payload(42, id, 3000);
    }

    /** Appends {@code count} entries (ids 0..count-1), returning id -> versionstamp in order. */
    private Map<Long, Versionstamp> appendEntries(int count) {
        Map<Long, Versionstamp> ids = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            ids.put(i, volume.append(PREFIX, Payloads.segment(payload(i))).join());
        }
        return ids;
    }

    private List<Path> segmentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (long id : SegmentFiles.listIds(dir.resolve(NAME).resolve(SegmentFiles.SEGMENTS_DIR))) {
            files.add(dir.resolve(NAME).resolve(SegmentFiles.SEGMENTS_DIR).resolve(SegmentFiles.fileName(id)));
        }
        return files;
    }

    private void assertCountersMatchAScan() {
        List<KeyValue> entries = db.read(tr -> tr.getRange(SUBSPACE.get(VolumeSubspace.ENTRY).range()).asList().join());
        Map<Long, long[]> scanned = new HashMap<>();
        for (KeyValue kv : entries) {
            EntryLocation location = VolumeSubspace.decodeLocation(kv.getValue());
            long[] sums = scanned.computeIfAbsent(location.segmentId(), k -> new long[2]);
            sums[0]++;
            sums[1] += EntryDescriptor.recordLength(location.length());
        }
        for (VolumeSegmentStats stats : volume.segmentStats().join()) {
            assertThat(new long[] {stats.cardinality(), stats.usedBytes()}).as("segment %d", stats.segmentId())
                .containsExactly(scanned.getOrDefault(stats.segmentId(), new long[2]));
        }
        long reverse = db.read(tr -> tr.getRange(SUBSPACE.get(VolumeSubspace.REVERSE).range()).asList().join()).size();
        assertThat(reverse).as("one reverse key per entry").isEqualTo(entries.size());
    }

    @Test
    void shouldReclaimSegmentsOverTheThresholdAndKeepEveryLiveEntry() throws Exception {
        Map<Long, Versionstamp> ids = appendEntries(240);
        List<Long> before = volume.segmentIds();
        assertThat(before).hasSizeGreaterThan(3);
        for (long i = 0; i < 240; i++) {
            if (i % 3 != 0) {
                assertThat(volume.delete(PREFIX, ids.get(i)).join()).isTrue();
            }
        }
        long bytesBefore = totalSize(segmentFiles());
        volume.vacuum().start(30);
        await().atMost(Duration.ofSeconds(30)).until(() -> !volume.vacuum().active());

        VacuumReport report = volume.vacuum().status();
        assertThat(report.active()).isFalse();
        assertThat(report.run().result()).isEqualTo("COMPLETED");
        assertThat(report.run().segmentsProcessed()).isGreaterThanOrEqualTo(before.size() - 1);
        assertThat(report.segments()).allSatisfy(s -> assertThat(s.status()).isEqualTo("COMPLETED"));
        for (long segmentId : before.subList(0, before.size() - 1)) {
            assertThat(volume.segmentIds()).doesNotContain(segmentId);
        }
        assertThat(totalSize(segmentFiles())).isLessThan(bytesBefore);
        for (long i = 0; i < 240; i++) {
            byte[] read = volume.get(PREFIX, ids.get(i)).join() == null ? null
                : Payloads.bytes(volume.get(PREFIX, ids.get(i)).join());
            assertThat(read).as("entry %d", i).isEqualTo(i % 3 == 0 ? payload(i) : null);
        }
        assertCountersMatchAScan();

        assertThatThrownBy(() -> volume.vacuum().start(30)).isInstanceOf(VacuumException.class)
            .hasMessage("Stale vacuum metadata exists on volume " + NAME + ", run DROP first");
        volume.vacuum().drop();
        assertThat(volume.vacuum().status().run()).isNull();

        volume.close();
        db.close();
        open();
        for (long i = 0; i < 240; i += 3) {
            assertThat(Payloads.bytes(volume.get(PREFIX, ids.get(i)).join())).isEqualTo(payload(i));
        }
        assertCountersMatchAScan();
    }

    @Test
    void shouldRejectBadRequests() throws Exception {
        assertThatThrownBy(() -> volume.vacuum().start(0)).hasMessage(
            "garbage-threshold must be between 0 and 100 (exclusive)");
        assertThatThrownBy(() -> volume.vacuum().start(100)).isInstanceOf(VacuumException.class);
        assertThatThrownBy(() -> volume.vacuum().stop()).hasMessage("No active vacuum on volume " + NAME);
        volume.vacuum().start(50);
        await().atMost(Duration.ofSeconds(10)).until(() -> !volume.vacuum().active());
        assertThat(volume.vacuum().status().run().result()).isEqualTo("NO_WORK");
    }

    @Test
    void shouldLetAConcurrentUpdateOrDeleteWinOverARelocation() {
        Map<Long, Versionstamp> ids = appendEntries(2);
        EntryLocation oldUpdated = location(ids.get(0L));
        EntryLocation oldDeleted = location(ids.get(1L));
        byte[] newer = Payloads.payload(7, 7, 500);
        assertThat(volume.update(PREFIX, ids.get(0L), Payloads.segment(newer)).join()).isTrue();
        assertThat(volume.delete(PREFIX, ids.get(1L)).join()).isTrue();

        PendingOp.Relocate lateMove = new PendingOp.Relocate(PREFIX, ids.get(0L), oldUpdated);
        volume.store().append(PREFIX, Payloads.segment(payload(0)), lateMove).join();
        PendingOp.Relocate lateResurrection = new PendingOp.Relocate(PREFIX, ids.get(1L), oldDeleted);
        volume.store().append(PREFIX, Payloads.segment(payload(1)), lateResurrection).join();

        assertThat(lateMove.moved).isFalse();
        assertThat(lateResurrection.moved).isFalse();
        assertThat(Payloads.bytes(volume.get(PREFIX, ids.get(0L)).join())).isEqualTo(newer);
        assertThat(volume.get(PREFIX, ids.get(1L)).join()).isNull();
        assertCountersMatchAScan();
    }

    @Test
    void shouldLetAnUpdateInTheSameBatchWinOverARelocation() throws IOException {
        volume.close();
        VolumeConfig slowBatches = new VolumeConfig(64 * 1024, 8192, 64, 1 << 20, 300_000);
        volume = Volume.open(dir.resolve(NAME), NAME, slowBatches, db, SUBSPACE);
        Versionstamp id = volume.append(PREFIX, Payloads.segment(payload(0))).join();
        EntryLocation old = location(id);
        byte[] newer = Payloads.payload(7, 8, 700);
        for (boolean relocationFirst : new boolean[] {true, false}) {
            EntryLocation from = location(id);
            PendingOp.Relocate move = new PendingOp.Relocate(PREFIX, id, from);
            CompletableFuture<?> relocation;
            CompletableFuture<Boolean> update;
            if (relocationFirst) {
                relocation = volume.store().append(PREFIX, volume.store().read(from), move);
                update = volume.update(PREFIX, id, Payloads.segment(newer));
            } else {
                update = volume.update(PREFIX, id, Payloads.segment(newer));
                relocation = volume.store().append(PREFIX, volume.store().read(from), move);
            }
            CompletableFuture.allOf(relocation, update).join();
            assertThat(update.join()).isTrue();
            assertThat(move.moved).as("relocation first: %s", relocationFirst).isEqualTo(relocationFirst);
            assertThat(Payloads.bytes(volume.get(PREFIX, id).join())).isEqualTo(newer);
            assertCountersMatchAScan();
        }
        assertThat(location(id)).isNotEqualTo(old);
    }

    @Test
    void shouldCleanUpOnlySegmentsNoKeyPointsInto() throws Exception {
        Map<Long, Versionstamp> ids = appendEntries(90);
        List<Long> segments = volume.segmentIds();
        long keptSegment = location(ids.get(0L)).segmentId();
        for (Map.Entry<Long, Versionstamp> e : ids.entrySet()) {
            if (e.getKey() != 0 && location(e.getValue()).segmentId() != segments.getLast()) {
                volume.delete(PREFIX, e.getValue()).join();
            }
        }
        List<Path> removed = volume.maintenance().cleanupOrphanFiles();
        List<Path> expected = new ArrayList<>();
        for (long id : segments) {
            if (id != keptSegment && id != segments.getLast()) {
                expected.add(volume.store().segmentPath(id).toAbsolutePath());
            }
        }
        assertThat(removed).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Files.exists(volume.store().segmentPath(keptSegment))).isTrue();
        assertThat(Payloads.bytes(volume.get(PREFIX, ids.get(0L)).join())).isEqualTo(payload(0));
        assertThat(volume.maintenance().cleanupOrphanFiles()).isEmpty();
        assertCountersMatchAScan();
    }

    @Test
    void shouldRemoveEveryEntryOfAPrefix() {
        Map<Long, Versionstamp> ids = appendEntries(10);
        Versionstamp other = volume.append(PREFIX + 1, Payloads.segment(payload(99))).join();
        assertThat(volume.maintenance().removePrefix(PREFIX)).isEqualTo(10);
        for (Versionstamp id : ids.values()) {
            assertThat(volume.get(PREFIX, id).join()).isNull();
        }
        assertThat(Payloads.bytes(volume.get(PREFIX + 1, other).join())).isEqualTo(payload(99));
        assertCountersMatchAScan();
    }

    @Test
    void shouldReportTheWriteCursorAndPruneTheChangelog() {
        VolumeMaintenance.Cursor empty = volume.maintenance().cursor();
        assertThat(empty.sequenceNumber()).isEqualTo(-1);
        assertThat(empty.versionstamp()).isNull();
        Versionstamp id = volume.append(PREFIX, Payloads.segment(payload(1))).join();
        VolumeMaintenance.Cursor cursor = volume.maintenance().cursor();
        assertThat(cursor.versionstamp()).isEqualTo(id);
        assertThat(cursor.sequenceNumber()).isPositive();
        assertThat(cursor.nextPosition()).isEqualTo(256 + EntryDescriptor.recordLength(payload(1).length));
        volume.changelogPruner().prune(1, System.currentTimeMillis()).join();
        assertThat(volume.maintenance().cursor().sequenceNumber()).as("a fresh record survives").isPositive();
        volume.changelogPruner().pruneBelow(Long.MAX_VALUE).join();
        assertThat(volume.maintenance().cursor().sequenceNumber()).isEqualTo(-1);
        assertThatThrownBy(() -> volume.changelogPruner().prune(0, 0)).hasMessage(
            "retention period must be greater than zero");
    }

    @Test
    void shouldPruneOnlyTheRecordsOlderThanAMillisecondRetention() {
        long before = System.currentTimeMillis();
        volume.append(PREFIX, Payloads.segment(payload(1))).join();
        volume.append(PREFIX, Payloads.segment(payload(2))).join();
        long oldest = volume.changelogPruner().oldestSequenceNumber().join();
        assertThat(oldest >>> HybridLogicalClock.LOGICAL_BITS).isGreaterThanOrEqualTo(before);
        long writtenMs = oldest >>> HybridLogicalClock.LOGICAL_BITS;

        // a cutoff at the record's own millisecond keeps it; one millisecond later clears it
        volume.changelogPruner().pruneOlderThanMs(1_000, writtenMs + 1_000).join();
        assertThat(volume.changelogPruner().oldestSequenceNumber().join()).isEqualTo(oldest);
        volume.changelogPruner().pruneOlderThanMs(1_000, System.currentTimeMillis() + 60_000).join();
        assertThat(volume.changelogPruner().oldestSequenceNumber().join()).isEqualTo(-1L);
        assertThatThrownBy(() -> volume.changelogPruner().pruneOlderThanMs(0, 0)).hasMessage(
            "retention period must be greater than zero");
    }

    private EntryLocation location(Versionstamp id) {
        byte[] value = db.read(tr -> tr.get(SUBSPACE.get(VolumeSubspace.ENTRY).pack(Tuple.from(PREFIX, id))).join());
        return VolumeSubspace.decodeLocation(value);
    }

    private static long totalSize(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }
}
