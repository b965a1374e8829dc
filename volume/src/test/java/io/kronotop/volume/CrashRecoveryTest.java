package io.kronotop.volume;

import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.segment.SegmentVerifier;
import io.kronotop.volume.segment.VerifyReport;
import io.kronotop.volume.test.FaultyFileSystem;
import io.kronotop.volume.test.Payloads;
import io.kronotop.volume.test.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Power cuts and I/O errors through {@link FaultyFileSystem}: nothing acknowledged is lost, torn and stale bytes
 * are cut off on reopen, corrupt bytes are reported.
 */
@Timeout(60)
class CrashRecoveryTest {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.CrashRecoveryTest");
    static final String NAME = "redis-shard-0";
    static final long VOLUME_ID = 77;

    @TempDir
    Path dir;

    FileSegmentStore open(VolumeConfig config, FaultyFileSystem fs) throws IOException {
        StoreEnvironment env = StoreEnvironment.defaults(NAME);
        return FileSegmentStore.open(dir, NAME, VOLUME_ID, config, fs == null ? env : env.withChannels(fs));
    }

    static void assertAllReadable(SegmentStore store, Map<Long, EntryLocation> acked, long seed, int maxLength)
        throws CorruptSegmentException {
        for (Map.Entry<Long, EntryLocation> e : acked.entrySet()) {
            assertThat(Payloads.bytes(store.read(e.getValue())))
                .as("seed=%d id=%d at %s", seed, e.getKey(), e.getValue())
                .isEqualTo(Payloads.payload(seed, e.getKey(), maxLength));
        }
    }

    /** Seeded: several rounds of concurrent appends cut by a simulated power failure, on the same volume. */
    @Test
    void shouldKeepEveryAcknowledgedEntryThroughRandomPowerCuts() throws Exception {
        long seed = Payloads.seed();
        LOG.info("CrashRecoveryTest seed={} (replay with -Dkronotop.test.seed={})", seed, seed);
        Random random = new Random(seed);
        int maxLength = 1 + random.nextInt(3000);
        VolumeConfig config = new VolumeConfig(16 * 1024 * (1 + random.nextInt(4)), 4096,
            new int[] {1, 4, 64}[random.nextInt(3)], 1024 + random.nextInt(64 * 1024), random.nextInt(2) * 200);
        LOG.info("seed={} config={} maxLength={}", seed, config, maxLength);
        Map<Long, EntryLocation> acked = new HashMap<>();
        long nextId = 0;
        for (int round = 0; round < 6; round++) {
            FaultyFileSystem fs = new FaultyFileSystem(seed + round);
            FileSegmentStore store = open(config, fs);
            assertAllReadable(store, acked, seed, maxLength);
            fs.crashDuringForce(1 + random.nextInt(40), FaultyFileSystem.CrashMode.values()[random.nextInt(3)]);
            Workload workload = new Workload(store, seed, maxLength, 1 + random.nextInt(3), nextId);
            await().atMost(Duration.ofSeconds(20)).until(fs::crashed);
            long undone = fs.undoneAtCrash();
            store.close();
            workload.close();
            nextId = workload.nextId();
            LOG.info("seed={} round={}: {} acknowledged, {} unsynced bytes undone", seed, round,
                workload.acked().size(), undone);
            acked.putAll(workload.acked());
        }
        try (FileSegmentStore store = open(config, null)) {
            assertAllReadable(store, acked, seed, maxLength);
            assertThat(store.verify().damage()).as("seed=%d", seed).isEmpty();
            EntryLocation after = store.append(-1, MemorySegment.ofArray(new byte[10])).get(10, TimeUnit.SECONDS);
            assertThat(acked).as("seed=%d", seed).doesNotContainValue(after);
            assertAllReadable(store, acked, seed, maxLength);
        }
        VerifyReport offline = SegmentVerifier.verifyOffline(dir);
        assertThat(offline.damage()).as("seed=%d", seed).isEmpty();
    }

    @Test
    void shouldFailAppendsFromAFailedWriteOnAndKeepWhatWasAcknowledged() throws Exception {
        FaultyFileSystem fs = new FaultyFileSystem(1);
        VolumeConfig config = new VolumeConfig(64 * 1024, 4096, 64, 1 << 20, 0);
        EntryLocation kept;
        try (FileSegmentStore store = open(config, fs)) {
            kept = store.append(1, MemorySegment.ofArray(new byte[] {1, 2, 3})).get();
            fs.failWriteAfter(0);
            CompletableFuture<EntryLocation> failed = store.append(2, MemorySegment.ofArray(new byte[5]));
            assertThatThrownBy(failed::join).hasRootCauseMessage("injected: write failure");
            assertThatThrownBy(() -> store.append(3, MemorySegment.ofArray(new byte[5])).join())
                .hasRootCauseMessage("injected: write failure");
            assertThat(store.flusher().failure()).isInstanceOf(IOException.class);
        }
        try (FileSegmentStore store = open(config, null)) {
            assertThat(Payloads.bytes(store.read(kept))).containsExactly(1, 2, 3);
            EntryLocation next = store.append(4, MemorySegment.ofArray(new byte[5])).get();
            assertThat(next.offset()).isGreaterThan(kept.offset());
        }
    }

    @Test
    void shouldFailTheBatchWhoseSyncFails() throws Exception {
        FaultyFileSystem fs = new FaultyFileSystem(2);
        VolumeConfig config = new VolumeConfig(64 * 1024, 4096, 64, 1 << 20, 0);
        try (FileSegmentStore store = open(config, fs)) {
            fs.failNextForce();
            CompletableFuture<EntryLocation> failed = store.append(1, MemorySegment.ofArray(new byte[5]));
            assertThatThrownBy(failed::join).hasRootCauseMessage("injected: fsync failure");
            assertThat(store.flusher().durableUpTo()).isNull();
        }
    }

    @Test
    void shouldReportABitFlippedOnTheWayToDisk() throws Exception {
        FaultyFileSystem fs = new FaultyFileSystem(3);
        VolumeConfig config = new VolumeConfig(64 * 1024, 4096, 64, 1 << 20, 0);
        try (FileSegmentStore store = open(config, fs)) {
            EntryLocation good = store.append(1, MemorySegment.ofArray(new byte[64])).get();
            fs.flipBitInNextWrite();
            EntryLocation bad = store.append(2, MemorySegment.ofArray(new byte[64])).get();
            assertThatThrownBy(() -> store.read(bad)).isInstanceOfSatisfying(CorruptSegmentException.class, e -> {
                assertThat(e.file().getFileName().toString()).isEqualTo("0000000000000000000");
                assertThat(e.offset()).isBetween(bad.offset(), bad.offset() + 32);
            });
            assertThat(store.read(good).byteSize()).isEqualTo(64);
            VerifyReport report = store.verify();
            assertThat(report.damage()).singleElement().satisfies(d -> assertThat(d.offset()).isEqualTo(bad.offset()));
        }
    }

    @Test
    void shouldCutTornEntriesOffAndAppendAfterTheLastGoodOne() throws Exception {
        VolumeConfig config = new VolumeConfig(64 * 1024, 4096, 64, 1 << 20, 0);
        FaultyFileSystem fs = new FaultyFileSystem(4);
        EntryLocation synced;
        try (FileSegmentStore store = open(config, fs)) {
            synced = store.append(1, MemorySegment.ofArray(new byte[100])).get();
            fs.failNextForce(); // the next batch is written but never synced...
            assertThatThrownBy(() -> store.append(2, MemorySegment.ofArray(new byte[3000])).join());
            fs.crash(FaultyFileSystem.CrashMode.KEEP_ALL); // ...and survives the crash whole, unacknowledged
        }
        try (FileSegmentStore store = open(config, null)) {
            SegmentStats stats = store.stats().getFirst();
            assertThat(stats.liveEntries()).isEqualTo(2); // the unacknowledged entry is intact and counts as bytes
            assertThat(store.read(synced).byteSize()).isEqualTo(100);
        }
        FaultyFileSystem tearing = new FaultyFileSystem(5);
        try (FileSegmentStore store = open(config, tearing)) {
            tearing.failNextForce();
            assertThatThrownBy(() -> store.append(3, MemorySegment.ofArray(new byte[3000])).join());
            tearing.crash(FaultyFileSystem.CrashMode.DROP_ALL);
        }
        try (FileSegmentStore store = open(config, null)) {
            assertThat(store.stats().getFirst().liveEntries()).isEqualTo(2);
            assertThat(store.verify().ok()).isTrue();
        }
    }

    /**
     * Segment files are created sparse; the writer keeps zeros written ahead of its entries so that a sync after a
     * small batch needs no block allocation. They are written only once less than half a chunk is left, never over
     * an entry, and a reopened volume reads the same entries and appends right after the last one, not after the
     * zeros.
     */
    @Test
    void shouldWriteZerosAheadOfSmallBatchesOnceHalfAChunkIsUsedAndReopenAtTheLastEntry() throws Exception {
        int ahead = 1 << 20; // SegmentWriter.ZERO_AHEAD_BYTES
        int size = 20_000; // one entry per batch, under SegmentWriter.ZERO_AHEAD_MAX_BATCH_BYTES
        FaultyFileSystem fs = new FaultyFileSystem(6);
        VolumeConfig config = new VolumeConfig(64L << 20, 128 * 1024, 64, 1 << 20, 0);
        Path segment = dir.resolve("segments").resolve(SegmentFiles.fileName(0));
        Map<Long, EntryLocation> acked = new HashMap<>();
        long extensions = 0;
        try (FileSegmentStore store = open(config, fs)) {
            long zeroedTo = 0;
            for (long id = 0; id < 1000; id++) {
                EntryLocation at = store.append(id, MemorySegment.ofArray(Payloads.payload(7, id, size))).get();
                acked.put(id, at);
                long end = at.offset() + EntryDescriptor.recordLength(at.length());
                if (zeroedTo - end >= ahead / 2) {
                    assertThat(fs.writtenEnd(segment)).as("entry %d", id).isEqualTo(zeroedTo);
                } else {
                    zeroedTo = Math.max(zeroedTo, end) + ahead; // from the zeros' end, or the entry's past it
                    assertThat(fs.writtenEnd(segment)).as("entry %d", id).isEqualTo(zeroedTo);
                    extensions++;
                }
            }
        }
        assertThat(extensions).isBetween(10L, 30L); // about 10 MB of entries, a chunk per 512 KiB or so
        EntryLocation last = acked.values().stream().max(java.util.Comparator.comparingLong(EntryLocation::offset))
            .orElseThrow();
        try (FileSegmentStore store = open(config, null)) {
            assertAllReadable(store, acked, 7, size);
            assertThat(store.verify().ok()).isTrue();
            EntryLocation next = store.append(1000, MemorySegment.ofArray(new byte[10])).get();
            assertThat(next.offset()).isEqualTo(last.offset() + EntryDescriptor.recordLength(last.length()));
        }
    }

    /** Large batches write no zeros ahead: for them the zeros would double the bytes written. */
    @Test
    void shouldWriteNoZerosAheadOfLargeBatches() throws Exception {
        int size = 100_000;
        FaultyFileSystem fs = new FaultyFileSystem(6);
        VolumeConfig config = new VolumeConfig(64L << 20, 128 * 1024, 64, 1 << 20, 0);
        Path segment = dir.resolve("segments").resolve(SegmentFiles.fileName(0));
        Map<Long, EntryLocation> acked = new HashMap<>();
        try (FileSegmentStore store = open(config, fs)) {
            for (long id = 0; acked.size() < 30; id++) {
                byte[] payload = Payloads.payload(5, id, size);
                if (payload.length <= 40_000) {
                    continue; // one entry per batch, each over SegmentWriter.ZERO_AHEAD_MAX_BATCH_BYTES
                }
                EntryLocation at = store.append(id, MemorySegment.ofArray(payload)).get();
                acked.put(id, at);
                assertThat(fs.writtenEnd(segment)).as("entry %d", id)
                    .isEqualTo(at.offset() + EntryDescriptor.recordLength(at.length()));
            }
        }
        try (FileSegmentStore store = open(config, null)) {
            assertAllReadable(store, acked, 5, size);
            assertThat(store.verify().ok()).isTrue();
        }
    }

    /** Zeros are only a speed-up: a failed write of them (a full disk) leaves the appends working, sparse. */
    @Test
    void shouldCarryOnWithoutZerosWhenWritingThemFails() throws Exception {
        FaultyFileSystem fs = new FaultyFileSystem(8);
        VolumeConfig config = new VolumeConfig(64L << 20, 4096, 64, 1 << 20, 0);
        Path segment = dir.resolve("segments").resolve(SegmentFiles.fileName(0));
        Map<Long, EntryLocation> acked = new HashMap<>();
        try (FileSegmentStore store = open(config, fs)) {
            fs.failWriteAfter(1); // the entry's write goes through, the first write of zeros after it fails
            acked.put(0L, store.append(0, MemorySegment.ofArray(Payloads.payload(9, 0, 1000))).get());
            EntryLocation first = acked.get(0L);
            assertThat(fs.writtenEnd(segment)).isEqualTo(first.offset() + EntryDescriptor.recordLength(first.length()));
            for (long id = 1; id < 20; id++) {
                acked.put(id, store.append(id, MemorySegment.ofArray(Payloads.payload(9, id, 1000))).get());
            }
            assertThat(store.flusher().failure()).isNull();
            EntryLocation last = acked.get(19L);
            assertThat(fs.writtenEnd(segment)).as("no zeros tried again in this segment")
                .isEqualTo(last.offset() + EntryDescriptor.recordLength(last.length()));
        }
        try (FileSegmentStore store = open(config, null)) {
            assertAllReadable(store, acked, 9, 1000);
            assertThat(store.verify().ok()).isTrue();
        }
    }
}
