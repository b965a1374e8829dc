package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the flusher one duty cycle at a time on the test thread, with a fake clock and an in-memory sink; one test
 * runs its threads to show writes overlapping a sync.
 */
class GroupCommitFlusherTest {
    final AtomicLong nowNs = new AtomicLong(1_000_000);
    final FakeSink sink = new FakeSink();
    final List<List<EntryLocation>> durable = new ArrayList<>();
    CompletableFuture<Void> metadataCommit = CompletableFuture.completedFuture(null);

    GroupCommitFlusher flusher(int maxEntries, long maxBytes, long maxDelayNs) {
        return new GroupCommitFlusher(sink, new FlushLimits(maxEntries, maxBytes, maxDelayNs), nowNs::get,
            batch -> {
                durable.add(batch);
                return metadataCommit;
            });
    }

    static MemorySegment bytes(int n) {
        return MemorySegment.ofArray(new byte[n]);
    }

    @Test
    void shouldWriteAndSyncEverythingQueuedAsOneBatch() {
        GroupCommitFlusher flusher = flusher(100, 1 << 20, 0);
        List<CompletableFuture<EntryLocation>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(flusher.submit(i, bytes(10), 48));
        }
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        assertThat(flusher.doWork()).isEqualTo(5);
        assertThat(sink.syncs).isEqualTo(1);
        assertThat(sink.log).containsExactly("w0", "w1", "w2", "w3", "w4", "sync");
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(durable).singleElement().satisfies(batch -> assertThat(batch).hasSize(5));
        assertThat(flusher.durableUpTo()).isEqualTo(futures.get(4).join());
        assertThat(flusher.doWork()).isZero();
    }

    @Test
    void shouldBoundBatchesByCount() {
        GroupCommitFlusher flusher = flusher(3, 1 << 20, 0);
        for (int i = 0; i < 7; i++) {
            flusher.submit(i, bytes(1), 40);
        }
        assertThat(flusher.doWork()).isEqualTo(3);
        assertThat(flusher.doWork()).isEqualTo(3);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(sink.syncs).isEqualTo(3);
    }

    @Test
    void shouldBoundBatchesByBytesButLetALargeEntryGoAlone() {
        GroupCommitFlusher flusher = flusher(100, 100, 0);
        flusher.submit(0, bytes(1), 40);
        flusher.submit(1, bytes(1), 40);
        flusher.submit(2, bytes(1), 40);
        flusher.submit(3, bytes(500), 536);
        assertThat(flusher.doWork()).isEqualTo(2);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(durable).extracting(List::size).containsExactly(2, 1, 1);
    }

    @Test
    void shouldWaitForTheTimeWindowBeforeSyncingAPartialBatch() {
        GroupCommitFlusher flusher = flusher(4, 1 << 20, 50_000);
        CompletableFuture<EntryLocation> first = flusher.submit(0, bytes(1), 40);
        assertThat(flusher.doWork()).isZero();
        nowNs.addAndGet(30_000);
        flusher.submit(1, bytes(1), 40);
        assertThat(flusher.doWork()).isZero();
        assertThat(flusher.lingerRemainingNs()).isEqualTo(20_000);
        assertThat(first).isNotDone();
        nowNs.addAndGet(20_000);
        assertThat(flusher.doWork()).isEqualTo(2);
        assertThat(first).isCompleted();
    }

    @Test
    void shouldSyncAtOnceWhenTheBatchFillsBeforeTheWindowEnds() {
        GroupCommitFlusher flusher = flusher(2, 1 << 20, 1_000_000_000L);
        flusher.submit(0, bytes(1), 40);
        flusher.submit(1, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(2);
    }

    @Test
    void shouldMakeAppendsArrivingDuringASyncTheNextBatch() {
        GroupCommitFlusher flusher = flusher(100, 1 << 20, 0);
        List<CompletableFuture<EntryLocation>> late = new ArrayList<>();
        sink.onSync = () -> {
            if (late.isEmpty()) {
                late.add(flusher.submit(10, bytes(1), 40));
                late.add(flusher.submit(11, bytes(1), 40));
            }
        };
        CompletableFuture<EntryLocation> early = flusher.submit(0, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(early).isCompleted();
        assertThat(late).noneMatch(CompletableFuture::isDone);
        assertThat(flusher.doWork()).isEqualTo(2);
        assertThat(late).allMatch(CompletableFuture::isDone);
        assertThat(sink.log).containsExactly("w0", "sync", "w10", "w11", "sync");
    }

    @Test
    void shouldFailTheBatchAndEverythingAfterASyncFailure() {
        GroupCommitFlusher flusher = flusher(2, 1 << 20, 0);
        sink.failSync = true;
        CompletableFuture<EntryLocation> a = flusher.submit(0, bytes(1), 40);
        CompletableFuture<EntryLocation> b = flusher.submit(1, bytes(1), 40);
        CompletableFuture<EntryLocation> c = flusher.submit(2, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(3);
        assertThat(List.of(a, b, c)).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(durable).isEmpty();
        assertThat(flusher.submit(3, bytes(1), 40)).isCompletedExceptionally();
        assertThat(flusher.failure()).isInstanceOf(IOException.class);
    }

    @Test
    void shouldWriteTheNextBatchesWhileASyncRunsAndSyncThemTogether() throws Exception {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        sink.onSync = () -> {
            if (first.getAndSet(false)) {
                syncing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        GroupCommitFlusher flusher = flusher(1, 1 << 20, 0);
        List<CompletableFuture<EntryLocation>> later = new CopyOnWriteArrayList<>();
        // b and c are queued while a is written (batches of one entry), so a's batch has appends waiting behind it
        // and goes to the sync thread; b is written once that sync has begun (else the flusher thread, finding no
        // sync under way after writing c, could sync all three itself)
        sink.onWrite = prefix -> {
            if (prefix == 0) {
                later.add(flusher.submit(1, bytes(1), 40));
                later.add(flusher.submit(2, bytes(1), 40));
            } else if (prefix == 1) {
                try {
                    assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        flusher.start(Thread::new);
        try {
            CompletableFuture<EntryLocation> a = flusher.submit(0, bytes(1), 40);
            assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.log.contains("w2"));
            assertThat(sink.syncThreads).as("appends waited behind the first batch: the sync thread syncs it")
                .singleElement().satisfies(name -> assertThat(name).endsWith("-sync"));
            CompletableFuture<EntryLocation> b = later.get(0);
            CompletableFuture<EntryLocation> c = later.get(1);
            assertThat(List.of(a, b, c)).as("nothing is acknowledged before its sync")
                .noneMatch(CompletableFuture::isDone);

            release.countDown();
            CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);
            assertThat(sink.syncs).as("the two batches written during the first sync share the next one").isEqualTo(2);
            assertThat(sink.log).containsExactly("w0", "w1", "w2", "sync", "sync");
            assertThat(flusher.batchesSynced()).isEqualTo(2);
            assertThat(flusher.entriesSynced()).isEqualTo(3);
        } finally {
            release.countDown();
            flusher.close();
        }
    }

    @Test
    void shouldSyncOnTheFlusherThreadWhenNoAppendWaitsAndNoSyncRuns() throws Exception {
        appendOneAtATime(1 << 20, 40, 40, 40);
        assertThat(sink.syncThreads).as("one append at a time: each synced where it was written")
            .containsExactly("flusher", "flusher", "flusher");
        assertThat(sink.log).containsExactly("w0", "sync", "w1", "sync", "w2", "sync");
        assertThat(durable).hasSize(3);
    }

    @Test
    void shouldLeaveTheSyncOfALargeBatchToTheSyncThread() throws Exception {
        long bound = GroupCommitFlusher.INLINE_SYNC_MAX_BYTES;
        appendOneAtATime(1 << 24, bound - 1, bound);
        assertThat(sink.syncThreads).containsExactly("flusher", "flusher-sync");
    }

    /** Runs a flusher thread named "flusher" and appends records of these sizes one at a time, each waited for. */
    private void appendOneAtATime(long maxBatchBytes, long... recordBytes) throws Exception {
        GroupCommitFlusher flusher = flusher(100, maxBatchBytes, 0);
        flusher.start(r -> new Thread(r, "flusher"));
        try {
            for (int i = 0; i < recordBytes.length; i++) {
                flusher.submit(i, bytes(1), recordBytes[i]).get(10, TimeUnit.SECONDS);
            }
        } finally {
            flusher.close();
        }
    }

    @Test
    void shouldFailABatchLingeringOnTheFlusherThreadWhenTheSyncThreadFails() throws Exception {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sink.onSync = () -> {
            syncing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.failSync = true;
        };
        GroupCommitFlusher flusher = new GroupCommitFlusher(sink, new FlushLimits(4, 1 << 20, 50_000_000L),
            System::nanoTime, DurabilityListener.NONE);
        flusher.start(Thread::new);
        CompletableFuture<EntryLocation> a = flusher.submit(0, bytes(1), 40);
        CompletableFuture<EntryLocation> b;
        try {
            assertThat(syncing.await(10, TimeUnit.SECONDS)).isTrue();
            b = flusher.submit(1, bytes(1), 40);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.isDone() && b.isDone());
        } finally {
            release.countDown();
            flusher.close();
        }
        assertThat(List.of(a, b)).allMatch(CompletableFuture::isCompletedExceptionally);
    }

    @Test
    void shouldDrainWhatIsQueuedOnCloseAndRefuseLaterAppends() {
        GroupCommitFlusher flusher = flusher(2, 1 << 20, 1_000_000_000L);
        List<CompletableFuture<EntryLocation>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(flusher.submit(i, bytes(1), 40));
        }
        flusher.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(flusher.submit(9, bytes(1), 40)).isCompletedExceptionally();
    }

    @Test
    void shouldFailOnlyTheAppendWhosePayloadCannotBeRead() {
        GroupCommitFlusher flusher = flusher(100, 1 << 20, 0);
        CompletableFuture<EntryLocation> a = flusher.submit(0, bytes(1), 40);
        CompletableFuture<EntryLocation> bad = flusher.submit(-1, bytes(1), 40);
        CompletableFuture<EntryLocation> c = flusher.submit(2, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(3);
        assertThat(bad).isCompletedExceptionally();
        assertThat(a.join()).isNotNull();
        assertThat(c.join()).isNotNull();
        assertThat(durable).singleElement().satisfies(batch -> assertThat(batch).hasSize(2));
        assertThat(flusher.failure()).isNull();
        bad = flusher.submit(-1, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(bad).isCompletedExceptionally();
        assertThat(sink.syncs).isEqualTo(1);
    }

    @Test
    void shouldAcknowledgeOnlyWhenTheListenersStageCompletes() {
        GroupCommitFlusher flusher = flusher(100, 1 << 20, 0);
        metadataCommit = new CompletableFuture<>();
        CompletableFuture<Void> firstCommit = metadataCommit;
        CompletableFuture<EntryLocation> a = flusher.submit(0, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(sink.syncs).isEqualTo(1);
        assertThat(a).isNotDone();
        metadataCommit = CompletableFuture.completedFuture(null);
        CompletableFuture<EntryLocation> b = flusher.submit(1, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(b).isCompleted();
        assertThat(a).isNotDone();
        firstCommit.complete(null);
        assertThat(a).isCompleted();
    }

    @Test
    void shouldFailTheBatchButNotTheVolumeWhenTheMetadataCommitFails() {
        GroupCommitFlusher flusher = flusher(100, 1 << 20, 0);
        metadataCommit = CompletableFuture.failedFuture(new IllegalStateException("commit conflict"));
        CompletableFuture<EntryLocation> a = flusher.submit(0, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(a).isCompletedExceptionally();
        assertThat(flusher.failure()).isNull();
        metadataCommit = CompletableFuture.completedFuture(null);
        CompletableFuture<EntryLocation> b = flusher.submit(1, bytes(1), 40);
        assertThat(flusher.doWork()).isEqualTo(1);
        assertThat(b.join().offset()).isGreaterThan(256);
    }

    static final class FakeSink implements BatchSink {
        final List<String> log = new CopyOnWriteArrayList<>();
        /** Name of the thread of each sync, in order. */
        final List<String> syncThreads = new CopyOnWriteArrayList<>();
        long offset = 256;
        volatile int syncs;
        boolean failSync;
        Runnable onSync = () -> {
        };
        LongConsumer onWrite = prefix -> {
        };

        @Override
        public EntryLocation write(long prefix, MemorySegment payload) {
            if (prefix < 0) {
                throw new UnreadablePayloadException(new IllegalStateException("closed"));
            }
            onWrite.accept(prefix);
            log.add("w" + prefix);
            EntryLocation location = new EntryLocation(0, offset, (int) payload.byteSize());
            offset += 32 + payload.byteSize();
            return location;
        }

        @Override
        public Object flush() {
            return offset;
        }

        @Override
        public void sync(Object syncPoint) throws IOException {
            syncThreads.add(Thread.currentThread().getName());
            onSync.run();
            if (failSync) {
                throw new IOException("sync failed");
            }
            log.add("sync");
            syncs++;
        }
    }
}
