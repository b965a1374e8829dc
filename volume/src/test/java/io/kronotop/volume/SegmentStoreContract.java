package io.kronotop.volume;

import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentFileDescriptor;
import io.kronotop.volume.segment.VerifyReport;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SegmentStore} must do. Subclasses open their implementation over a folder; a store reopened
 * over the same folder must see what the previous one acknowledged.
 */
@Timeout(30)
public abstract class SegmentStoreContract {
    protected static final int SEGMENT_SIZE = 64 * 1024;
    protected static final VolumeConfig SMALL = new VolumeConfig(SEGMENT_SIZE, 16 * 1024, 64, 256 * 1024, 0);

    @TempDir
    protected Path dir;

    private final List<SegmentStore> opened = new ArrayList<>();

    /** Opens the implementation under test over {@code volumeDir}. */
    protected abstract SegmentStore openStore(Path volumeDir, VolumeConfig config) throws IOException;

    protected SegmentStore open(VolumeConfig config) throws IOException {
        SegmentStore store = openStore(dir, config);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeAll() throws IOException {
        for (SegmentStore store : opened) {
            store.close();
        }
    }

    protected static EntryLocation await(CompletableFuture<EntryLocation> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReadBackWhatWasAppended() throws Exception {
        SegmentStore store = open(SMALL);
        int[] sizes = {0, 1, 7, 8, 9, 31, 32, 33, 1000, 16 * 1024};
        List<EntryLocation> locations = new ArrayList<>();
        for (int size : sizes) {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (size + i);
            }
            locations.add(await(store.append(size, MemorySegment.ofArray(payload))));
        }
        for (int i = 0; i < sizes.length; i++) {
            EntryLocation location = locations.get(i);
            assertThat(location.length()).isEqualTo(sizes[i]);
            byte[] read = Payloads.bytes(store.read(location));
            assertThat(read).hasSize(sizes[i]);
            for (int j = 0; j < sizes[i]; j++) {
                assertThat(read[j]).isEqualTo((byte) (sizes[i] + j));
            }
        }
    }

    @Test
    void shouldReturnIncreasingAlignedOffsetsWithinASegment() throws Exception {
        SegmentStore store = open(SMALL);
        EntryLocation previous = null;
        for (int i = 0; i < 50; i++) {
            EntryLocation location = await(store.append(i, Payloads.segment(Payloads.payload(1, i, 100))));
            assertThat(location.offset() % EntryDescriptor.ALIGNMENT).isZero();
            assertThat(location.offset()).isGreaterThanOrEqualTo(SegmentFileDescriptor.HEADER_LENGTH);
            if (previous != null && previous.segmentId() == location.segmentId()) {
                assertThat(location.offset())
                    .isEqualTo(previous.offset() + EntryDescriptor.recordLength(previous.length()));
            }
            previous = location;
        }
    }

    @Test
    void shouldRollOverWithoutSplittingAnEntry() throws Exception {
        SegmentStore store = open(SMALL);
        List<EntryLocation> locations = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            locations.add(await(store.append(i, Payloads.segment(Payloads.payload(2, i, 10_000)))));
        }
        Set<Long> segments = new HashSet<>();
        for (int i = 0; i < locations.size(); i++) {
            EntryLocation location = locations.get(i);
            segments.add(location.segmentId());
            assertThat(location.offset() + EntryDescriptor.recordLength(location.length())).isLessThanOrEqualTo(
                SEGMENT_SIZE);
            assertThat(Payloads.bytes(store.read(location))).isEqualTo(Payloads.payload(2, i, 10_000));
        }
        assertThat(segments).hasSizeGreaterThan(1);
        List<SegmentStats> stats = store.stats();
        assertThat(stats).hasSize(segments.size());
        assertThat(stats.stream().filter(SegmentStats::writable)).hasSize(1);
        assertThat(stats.getLast().writable()).isTrue();
        assertThat(stats.stream().mapToLong(SegmentStats::liveEntries).sum()).isEqualTo(40);
    }

    @Test
    void shouldRejectAnEntryLargerThanTheLimit() throws Exception {
        SegmentStore store = open(SMALL);
        CompletableFuture<EntryLocation> tooLarge = store.append(1, MemorySegment.ofArray(new byte[16 * 1024 + 1]));
        assertThatThrownBy(() -> tooLarge.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(await(store.append(1, MemorySegment.ofArray(new byte[10])))).isNotNull();
    }

    @Test
    void shouldReadEverythingAcknowledgedAfterReopenAndAppendAfterIt() throws Exception {
        SegmentStore first = open(SMALL);
        Map<Long, EntryLocation> acked = new ConcurrentHashMap<>();
        for (long i = 0; i < 30; i++) {
            acked.put(i, await(first.append(i, Payloads.segment(Payloads.payload(3, i, 5000)))));
        }
        first.close();
        SegmentStore second = open(SMALL);
        for (Map.Entry<Long, EntryLocation> e : acked.entrySet()) {
            assertThat(Payloads.bytes(second.read(e.getValue()))).isEqualTo(Payloads.payload(3, e.getKey(), 5000));
        }
        EntryLocation last = acked.get(29L);
        EntryLocation next = await(second.append(99, Payloads.segment(new byte[] {1, 2, 3})));
        assertThat(next.segmentId() > last.segmentId()
            || next.offset() >= last.offset() + EntryDescriptor.recordLength(last.length())).isTrue();
        assertThat(second.stats().stream().mapToLong(SegmentStats::liveEntries).sum()).isEqualTo(31);
        assertThat(second.verify().ok()).isTrue();
    }

    @Test
    void shouldFailAppendsAfterClose() throws Exception {
        SegmentStore store = open(SMALL);
        store.close();
        CompletableFuture<EntryLocation> late = store.append(1, MemorySegment.ofArray(new byte[1]));
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldCompleteAppendsQueuedBeforeClose() throws Exception {
        SegmentStore store = open(SMALL);
        List<CompletableFuture<EntryLocation>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(store.append(i, Payloads.segment(Payloads.payload(4, i, 200))));
        }
        store.close();
        for (CompletableFuture<EntryLocation> future : futures) {
            assertThat(future).isCompleted();
        }
        SegmentStore reopened = open(SMALL);
        for (int i = 0; i < futures.size(); i++) {
            if (!futures.get(i).isCompletedExceptionally()) {
                assertThat(Payloads.bytes(reopened.read(futures.get(i).get()))).isEqualTo(Payloads.payload(4, i, 200));
            }
        }
    }

    @Test
    void shouldAccountGarbagePerSegment() throws Exception {
        SegmentStore store = open(SMALL);
        EntryLocation a = await(store.append(1, MemorySegment.ofArray(new byte[100])));
        await(store.append(1, MemorySegment.ofArray(new byte[50])));
        store.markGarbage(a);
        SegmentStats stats = store.stats().getFirst();
        assertThat(stats.liveEntries()).isEqualTo(1);
        assertThat(stats.liveBytes()).isEqualTo(EntryDescriptor.recordLength(50));
        assertThat(stats.garbageEntries()).isEqualTo(1);
        assertThat(stats.garbageBytes()).isEqualTo(EntryDescriptor.recordLength(100));
        assertThat(stats.garbageRatio()).isEqualTo((double) EntryDescriptor.recordLength(100) / SEGMENT_SIZE);
        assertThat(stats.freeBytes()).isEqualTo(SEGMENT_SIZE - SegmentFileDescriptor.HEADER_LENGTH
            - EntryDescriptor.recordLength(100) - EntryDescriptor.recordLength(50));
    }

    @Test
    void shouldAppendFromManyThreadsWithoutOverlap() throws Exception {
        SegmentStore store = open(SMALL);
        int threads = 4;
        int perThread = 150;
        Map<Long, CompletableFuture<EntryLocation>> futures = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            workers.add(Thread.ofPlatform().name("appender-" + t).start(() -> {
                for (long i = base; i < base + perThread; i++) {
                    futures.put(i, store.append(i, Payloads.segment(Payloads.payload(5, i, 700))));
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Set<EntryLocation> seen = new HashSet<>();
        for (Map.Entry<Long, CompletableFuture<EntryLocation>> e : futures.entrySet()) {
            EntryLocation location = await(e.getValue());
            assertThat(seen.add(location)).isTrue();
            assertThat(Payloads.bytes(store.read(location))).isEqualTo(Payloads.payload(5, e.getKey(), 700));
        }
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void shouldVerifyACleanStore() throws Exception {
        SegmentStore store = open(SMALL);
        for (int i = 0; i < 30; i++) {
            await(store.append(i, Payloads.segment(Payloads.payload(6, i, 4000))));
        }
        VerifyReport report = store.verify();
        assertThat(report.damage()).isEmpty();
        assertThat(report.segments().stream().mapToLong(VerifyReport.SegmentReport::entries).sum()).isEqualTo(30);
    }

    @Test
    void shouldNotReadALocationThatHoldsNoEntry() throws Exception {
        SegmentStore store = open(SMALL);
        EntryLocation location = await(store.append(1, MemorySegment.ofArray(new byte[64])));
        assertThatThrownBy(() -> store.read(new EntryLocation(location.segmentId(), location.offset() + 8, 64)))
            .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> store.read(new EntryLocation(location.segmentId(), location.offset(), 65)))
            .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> store.read(new EntryLocation(location.segmentId() + 7, location.offset(), 64)))
            .isInstanceOf(CorruptSegmentException.class);
        assertThatThrownBy(() -> store.read(new EntryLocation(location.segmentId(), SEGMENT_SIZE - 8, 64)))
            .isInstanceOf(CorruptSegmentException.class);
    }
}
