package io.kronotop.volume;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class VolumeTest {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.VolumeTest");
    private static final String NAME = "bucket-shard-0";
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    private static final VolumeConfig SMALL = VolumeConfig.defaults().withSegmentSizeBytes(64 * 1024);
    private static final long PREFIX_A = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long PREFIX_B = 0x0B0B_0B0B_0B0B_0B0BL;

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

    private void reopen() throws IOException {
        volume.close();
        db.close();
        volume = null;
        db = null;
        open();
    }

    private static byte[] bytes(MemorySegment segment) {
        return segment == null ? null : Payloads.bytes(segment);
    }

    @Test
    void shouldReadBackAnAppendedEntryByItsVersionstamp() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[] {1, 2, 3})).get();

        assertThat(id.isComplete()).isTrue();
        assertThat(bytes(volume.get(PREFIX_A, id).get())).containsExactly(1, 2, 3);
        assertThat(bytes(db.readAsync(tr -> volume.get(tr, PREFIX_A, id)).get())).containsExactly(1, 2, 3);
        assertThat(volume.get(PREFIX_B, id).get()).as("another prefix does not see it").isNull();
    }

    @Test
    void shouldCompleteAppendsOnTheExecutorTheOwnerNames() throws Exception {
        ExecutorService owner = Executors.newSingleThreadExecutor(r -> new Thread(r, "volume-test-owner"));
        try {
            volume.completeAppendsOn(owner);
            List<CompletableFuture<String>> threads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                threads.add(volume.append(PREFIX_A, Payloads.segment(new byte[] {(byte) i}))
                    .thenApply(id -> Thread.currentThread().getName()));
            }
            // a future already complete when thenApply is attached runs it on this thread instead
            String self = Thread.currentThread().getName();
            List<String> names = new ArrayList<>();
            for (CompletableFuture<String> thread : threads) {
                names.add(thread.get());
            }
            assertThat(names).isSubsetOf("volume-test-owner", self).contains("volume-test-owner");
            volume.completeAppendsOn(null);
            assertThat(volume.append(PREFIX_A, Payloads.segment(new byte[] {1}))
                .thenApply(id -> Thread.currentThread().getName()).get())
                .as("back to the metastore's own executor").isNotEqualTo("volume-test-owner");
        } finally {
            owner.shutdown();
        }
    }

    @Test
    void shouldGiveIncreasingVersionstampsToConcurrentAppends() throws Exception {
        List<CompletableFuture<Versionstamp>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(volume.append(PREFIX_A, Payloads.segment(new byte[] {(byte) i})));
        }
        List<Versionstamp> ids = new ArrayList<>();
        for (CompletableFuture<Versionstamp> future : futures) {
            ids.add(future.get());
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        for (int i = 0; i < ids.size(); i++) {
            assertThat(bytes(volume.get(PREFIX_A, ids.get(i)).get())).containsExactly((byte) i);
        }
    }

    @Test
    void shouldKeepEntriesAndStatusAcrossRestart() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[] {42})).get();
        long volumeId = volume.id();
        volume.setStatus(VolumeStatus.READONLY).get();

        reopen();

        assertThat(volume.id()).isEqualTo(volumeId);
        assertThat(volume.status()).isEqualTo(VolumeStatus.READONLY);
        assertThat(bytes(volume.get(PREFIX_A, id).get())).containsExactly(42);
        volume.setStatus(VolumeStatus.READWRITE).get();
        Versionstamp next = volume.append(PREFIX_A, Payloads.segment(new byte[] {43})).get();
        assertThat(next).isGreaterThan(id);
        assertThat(bytes(volume.get(PREFIX_A, next).get())).containsExactly(43);
    }

    @Test
    void shouldRefuseWritesUnlessReadWrite() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[] {7})).get();

        volume.setStatus(VolumeStatus.READONLY).get();
        assertRefused(volume.append(PREFIX_A, Payloads.segment(new byte[] {8})), VolumeStatus.READONLY);
        assertRefused(volume.update(PREFIX_A, id, Payloads.segment(new byte[] {8})), VolumeStatus.READONLY);
        assertRefused(volume.delete(PREFIX_A, id), VolumeStatus.READONLY);
        assertThat(bytes(volume.get(PREFIX_A, id).get())).as("reads still served").containsExactly(7);

        volume.setStatus(VolumeStatus.INOPERABLE).get();
        assertRefused(volume.get(PREFIX_A, id), VolumeStatus.INOPERABLE);
        assertRefused(volume.append(PREFIX_A, Payloads.segment(new byte[] {8})), VolumeStatus.INOPERABLE);

        volume.setStatus(VolumeStatus.READWRITE).get();
        assertThat(volume.delete(PREFIX_A, id).get()).isTrue();
    }

    private static void assertRefused(CompletableFuture<?> future, VolumeStatus status) {
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(VolumeStatusException.class)
            .hasMessageContaining(NAME).hasMessageContaining(status.name());
    }

    @Test
    void shouldFailAnAppendWhoseBatchMeetsAStatusChangeBeforeItsCommit() throws Exception {
        volume.close();
        CountDownLatch flusherMayRun = new CountDownLatch(1);
        ThreadFactory gated = runnable -> Thread.ofPlatform().name("volume-flush-gated").daemon().unstarted(() -> {
            try {
                flusherMayRun.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runnable.run();
        });
        StoreEnvironment defaults = StoreEnvironment.defaults(NAME);
        volume = Volume.open(dir.resolve(NAME), NAME, SMALL, db, SUBSPACE, new StoreEnvironment(defaults.channels(),
            gated, defaults.durabilityListener(), defaults.wallClockMs(), defaults.nanoClock()));

        CompletableFuture<Versionstamp> queued = volume.append(PREFIX_A, Payloads.segment(new byte[] {1}));
        volume.setStatus(VolumeStatus.READONLY).get();
        flusherMayRun.countDown();

        assertThatThrownBy(queued::get).cause().isInstanceOf(VolumeStatusException.class);
        VolumeSegmentStats stats = volume.segmentStats().get().getFirst();
        assertThat(stats.cardinality()).isZero();
        assertThat(stats.garbageBytes()).as("the bytes were written and synced, then refused")
            .isEqualTo(EntryDescriptor.recordLength(1));
    }

    @Test
    void shouldRepointAnUpdatedEntryAndCountTheOldBytesAsGarbage() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[100])).get();
        VolumeSegmentStats before = volume.segmentStats().get().getFirst();
        assertThat(before.cardinality()).isEqualTo(1);
        assertThat(before.usedBytes()).isEqualTo(EntryDescriptor.recordLength(100));
        assertThat(before.garbageBytes()).isZero();

        assertThat(volume.update(PREFIX_A, id, Payloads.segment(new byte[] {9, 9})).get()).isTrue();

        assertThat(bytes(volume.get(PREFIX_A, id).get())).containsExactly(9, 9);
        VolumeSegmentStats after = volume.segmentStats().get().getFirst();
        assertThat(after.cardinality()).isEqualTo(1);
        assertThat(after.usedBytes()).isEqualTo(EntryDescriptor.recordLength(2));
        assertThat(after.garbageBytes()).isEqualTo(EntryDescriptor.recordLength(100));
        assertThat(after.garbagePercentage()).isGreaterThan(0.0);
    }

    @Test
    void shouldNotCreateAnEntryWhenUpdatingAMissingOne() throws Exception {
        Versionstamp missing = Versionstamp.complete(new byte[10], 3);

        assertThat(volume.update(PREFIX_A, missing, Payloads.segment(new byte[] {1})).get()).isFalse();

        assertThat(volume.get(PREFIX_A, missing).get()).isNull();
        VolumeSegmentStats stats = volume.segmentStats().get().getFirst();
        assertThat(stats.cardinality()).isZero();
        assertThat(stats.garbageBytes()).isEqualTo(EntryDescriptor.recordLength(1));
    }

    @Test
    void shouldForgetADeletedEntryAndCountItsBytesAsGarbage() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[] {5})).get();
        assertThat(volume.get(PREFIX_A, id).get()).isNotNull();

        assertThat(volume.delete(PREFIX_A, id).get()).isTrue();
        assertThat(volume.delete(PREFIX_A, id).get()).isFalse();

        assertThat(volume.get(PREFIX_A, id).get()).isNull();
        VolumeSegmentStats stats = volume.segmentStats().get().getFirst();
        assertThat(stats.cardinality()).isZero();
        assertThat(stats.usedBytes()).isZero();
        assertThat(stats.garbageBytes()).isEqualTo(EntryDescriptor.recordLength(1));
    }

    @Test
    void shouldCommitAJoinedAppendOnlyWithTheCallersTransaction() throws Exception {
        Transaction tr = db.createTransaction();
        volume.append(tr, 0, PREFIX_A, Payloads.segment(new byte[] {1})).get();
        volume.append(tr, 1, PREFIX_B, Payloads.segment(new byte[] {2})).get();
        tr.set(Tuple.from("doc").pack(), new byte[] {1});
        CompletableFuture<byte[]> versionstamp = tr.getVersionstamp();
        tr.commit().get();
        Versionstamp first = Versionstamp.complete(versionstamp.get(), 0);
        Versionstamp second = Versionstamp.complete(versionstamp.get(), 1);

        assertThat(bytes(volume.get(PREFIX_A, first).get())).containsExactly(1);
        assertThat(bytes(volume.get(PREFIX_B, second).get())).containsExactly(2);
        assertThat(volume.segmentStats().get().getFirst().cardinality()).isEqualTo(2);
    }

    @Test
    void shouldUpdateAndDeleteInTheCallersTransaction() throws Exception {
        Versionstamp kept = volume.append(PREFIX_A, Payloads.segment(new byte[] {1})).get();
        Versionstamp removed = volume.append(PREFIX_B, Payloads.segment(new byte[] {2})).get();
        assertThat(volume.get(PREFIX_A, kept).get()).as("cached now").isNotNull();

        Transaction tr = db.createTransaction();
        assertThat(volume.update(tr, PREFIX_A, kept, Payloads.segment(new byte[] {3, 3})).get()).isTrue();
        assertThat(volume.delete(tr, PREFIX_B, removed).get()).isTrue();
        assertThat(bytes(volume.get(PREFIX_A, kept).get())).as("not committed yet").containsExactly(1);
        assertThat(bytes(volume.get(tr, PREFIX_A, kept).get())).as("read your writes").containsExactly(3, 3);
        tr.commit().get();

        assertThat(bytes(volume.get(PREFIX_A, kept).get())).containsExactly(3, 3);
        assertThat(volume.get(PREFIX_B, removed).get()).isNull();
        VolumeSegmentStats stats = volume.segmentStats().get().getFirst();
        assertThat(stats.cardinality()).isEqualTo(1);
        assertThat(stats.usedBytes()).isEqualTo(EntryDescriptor.recordLength(2));
        assertThat(stats.garbageBytes()).isEqualTo(2 * EntryDescriptor.recordLength(1));
    }

    @Test
    void shouldLeaveOnlyGarbageWhenTheCallersTransactionIsNotCommitted() throws Exception {
        Transaction tr = db.createTransaction();
        volume.append(tr, 0, PREFIX_A, Payloads.segment(new byte[] {1})).get();
        tr.cancel();

        VolumeSegmentStats stats = volume.segmentStats().get().getFirst();
        assertThat(stats.cardinality()).isZero();
        assertThat(stats.garbageBytes()).isEqualTo(EntryDescriptor.recordLength(1));
        assertThat(db.readAsync(t -> t.getRange(SUBSPACE.get(VolumeSubspace.ENTRY).range()).asList()).get())
            .isEmpty();
    }

    @Test
    void shouldCountOperationsUntilReset() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[10])).get();
        volume.update(PREFIX_A, id, Payloads.segment(new byte[20])).get();
        volume.get(PREFIX_A, id).get();
        volume.delete(PREFIX_A, id).get();
        volume.delete(PREFIX_A, id).get();

        assertThat(volume.counters().snapshot())
            .isEqualTo(new VolumeOpCounters.Snapshot(1, 1, 1, 1, 30, 20, 0));
        volume.counters().reset();
        assertThat(volume.counters().snapshot()).isEqualTo(new VolumeOpCounters.Snapshot(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldLogEveryMutationInTheChangelog() throws Exception {
        Versionstamp id = volume.append(PREFIX_A, Payloads.segment(new byte[10])).get();
        assertThat(volume.update(PREFIX_A, id, Payloads.segment(new byte[20])).get()).isTrue();
        assertThat(volume.delete(PREFIX_A, id).get()).isTrue();

        Subspace changelog = SUBSPACE.get(VolumeSubspace.CHANGELOG);
        List<KeyValue> records = db.readAsync(tr -> tr.getRange(changelog.range()).asList()).get();
        assertThat(records).hasSize(3);
        List<Tuple> keys = records.stream().map(kv -> changelog.unpack(kv.getKey())).toList();
        List<Tuple> values = records.stream().map(kv -> Tuple.fromBytes(kv.getValue())).toList();
        assertThat(keys).extracting(k -> k.getLong(2)).containsExactly((long) VolumeSubspace.KIND_APPEND,
            (long) VolumeSubspace.KIND_UPDATE, (long) VolumeSubspace.KIND_DELETE);
        assertThat(keys).extracting(k -> k.getLong(1)).containsExactly((long) VolumeSubspace.LIFECYCLE,
            (long) VolumeSubspace.LIFECYCLE, (long) VolumeSubspace.FINALIZATION);
        assertThat(keys).extracting(k -> k.getVersionstamp(3)).containsOnly(id);
        Tuple appended = values.get(0);
        Tuple updated = values.get(1);
        assertThat(appended.getLong(2)).isEqualTo(10);
        assertThat(appended.getLong(3)).isEqualTo(PREFIX_A);
        assertThat(updated.getLong(2)).isEqualTo(20);
        assertThat(updated.getLong(3)).as("previous segment").isEqualTo(appended.getLong(0));
        assertThat(updated.getLong(4)).as("previous offset").isEqualTo(appended.getLong(1));
        assertThat(updated.getLong(5)).as("previous length").isEqualTo(10);
        assertThat(updated.getLong(6)).isEqualTo(PREFIX_A);
        assertThat(values.get(2).getLong(1)).as("deleted from the updated offset").isEqualTo(updated.getLong(1));
    }

    @Test
    void shouldKeepChangelogSequenceNumbersIncreasingAcrossARestartWithAClockGoneBack() throws Exception {
        volume.close();
        volume = Volume.open(dir.resolve(NAME), NAME, SMALL, db, SUBSPACE,
            StoreEnvironment.defaults(NAME).withWallClockMs(() -> 1_000_000));
        volume.append(PREFIX_A, Payloads.segment(new byte[1])).get();
        volume.close();
        volume = Volume.open(dir.resolve(NAME), NAME, SMALL, db, SUBSPACE,
            StoreEnvironment.defaults(NAME).withWallClockMs(() -> 5));
        volume.append(PREFIX_A, Payloads.segment(new byte[1])).get();

        Subspace changelog = SUBSPACE.get(VolumeSubspace.CHANGELOG);
        List<Long> sequenceNumbers = db.readAsync(tr -> tr.getRange(changelog.range()).asList()).get().stream()
            .map(kv -> changelog.unpack(kv.getKey()).getLong(0)).toList();
        assertThat(sequenceNumbers).hasSize(2).doesNotHaveDuplicates().isSorted();
        assertThat(sequenceNumbers.getFirst() >>> 20).isEqualTo(1_000_000);
    }

    @Test
    void shouldKeepAccountingEqualToAFullScanOfTheEntries() throws Exception {
        long seed = Payloads.seed();
        LOG.info("seed={} (replay with -Dkronotop.test.seed={})", seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        Map<Versionstamp, Long> live = new LinkedHashMap<>();
        long segmentsAtReopen = 0;
        for (int i = 0; i < 400; i++) {
            int op = random.nextInt(10);
            if (op < 6 || live.isEmpty()) {
                long prefix = random.nextBoolean() ? PREFIX_A : PREFIX_B;
                byte[] payload = Payloads.payload(seed, i, 3000);
                live.put(volume.append(prefix, Payloads.segment(payload)).get(), prefix);
            } else {
                List<Versionstamp> ids = new ArrayList<>(live.keySet());
                Versionstamp id = ids.get(random.nextInt(ids.size()));
                if (op < 8) {
                    assertThat(volume.update(live.get(id), id, Payloads.segment(Payloads.payload(seed, -i, 3000)))
                        .get()).isTrue();
                } else {
                    assertThat(volume.delete(live.get(id), id).get()).isTrue();
                    live.remove(id);
                }
            }
            if (i == 200) {
                reopen();
                segmentsAtReopen = volume.segmentIds().getLast();
            }
        }
        assertThat(volume.segmentIds().size()).as("seed=%d: rolled over", seed).isGreaterThan(1);
        assertThat(volume.counters().snapshot().segmentsCreated()).as("seed=%d: since the reopen", seed)
            .isEqualTo(volume.segmentIds().getLast() - segmentsAtReopen);

        List<KeyValue> entries = db.readAsync(tr -> tr.getRange(SUBSPACE.get(VolumeSubspace.ENTRY).range())
            .asList()).get();
        assertThat(entries).hasSize(live.size());
        Map<Long, long[]> scanned = new TreeMap<>();
        for (KeyValue kv : entries) {
            EntryLocation location = VolumeSubspace.decodeLocation(kv.getValue());
            long[] sums = scanned.computeIfAbsent(location.segmentId(), k -> new long[2]);
            sums[0]++;
            sums[1] += EntryDescriptor.recordLength(location.length());
        }
        Map<Long, long[]> counted = new HashMap<>();
        for (VolumeSegmentStats stats : volume.segmentStats().get()) {
            if (stats.cardinality() != 0 || stats.usedBytes() != 0) {
                counted.put(stats.segmentId(), new long[] {stats.cardinality(), stats.usedBytes()});
            }
            assertThat(stats.garbageBytes()).as("seed=%d segment %d", seed, stats.segmentId()).isNotNegative();
        }
        assertThat(counted).as("seed=%d", seed).containsOnlyKeys(scanned.keySet());
        for (Map.Entry<Long, long[]> e : scanned.entrySet()) {
            assertThat(counted.get(e.getKey())).as("seed=%d segment %d", seed, e.getKey())
                .containsExactly(e.getValue());
        }
    }
}
