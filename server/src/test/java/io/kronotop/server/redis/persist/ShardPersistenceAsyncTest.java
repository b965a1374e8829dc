package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.kronotop.server.redis.persist.StashFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link ShardPersistence} in async mode: acknowledged from memory, written per window, coalesced, bounded. */
@Timeout(60)
class ShardPersistenceAsyncTest {
    /** Staging off: these tests count volume writes (StashStagingTest has the staged packs). */
    private static final StashConfig ASYNC = StashConfig.defaults().withDurability(StashDurability.ASYNC)
        .withStage(0, 1, 1000);

    @TempDir
    Path dir;

    @Test
    void shouldAcknowledgeAtOnceAndWriteOnlyWhenTheWindowEndsOrOnFlush() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000))) {
            Boolean done = f.on(() -> {
                CompletionStage<Void> a = f.shard.putString(b("a"), b("1"), ShardPersistence.NO_EXPIRY);
                CompletionStage<Void> h = f.shard.putHashField(b("h"), b("f"), b("v"));
                return a.toCompletableFuture().isDone() && h.toCompletableFuture().isDone();
            });
            assertThat(done).as("acknowledged from memory").isTrue();
            assertThat(f.on(() -> f.shard.stats()).dirtySlots()).isEqualTo(2);
            assertThat(f.storedPacks()).as("nothing written before the window ends").isZero();

            f.call(() -> f.shard.flush());

            assertThat(f.packCounts()).as("both keys in one pack").containsExactly(2);
            PersistenceStats stats = f.on(() -> f.shard.stats());
            assertThat(stats).usingRecursiveComparison().ignoringFields("flushMicros")
                .isEqualTo(new PersistenceStats(2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0));
            assertThat(stats.flushMicros()).as("one flush's time").isPositive();
        }
    }

    @Test
    void shouldDeleteTheOldTypeOfAKeyOnlyAfterTheNewRecordIsWritten() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000))) {
            f.on(() -> f.shard.putHashField(b("h"), b("f"), b("v")));
            f.call(() -> f.shard.flush());
            f.on(() -> f.shard.putString(b("h"), b("now a string"), ShardPersistence.NO_EXPIRY));
            // the field's tombstone and the string wait together, and go in one pack: neither commits alone
            assertThat(f.on(() -> f.shard.stats()).dirtySlots()).isEqualTo(2);
            assertThat(f.storedPacks()).isEqualTo(1);
            f.call(() -> f.shard.flush());
            assertThat(f.volume.counters().snapshot().appends()).isEqualTo(2);
            // the hash's pack is dead once the string is durable, and goes
            f.awaitStoredPacks(1);
            assertThat(f.packCounts()).containsExactly(2);
            f.crashAndReopen();
            assertThat(f.keys.get("h").value()).isEqualTo("now a string");
            assertThat(f.keys.get("h").fields()).isNull();
        }
    }

    @Test
    void shouldWriteWithinTheWindowWithoutAFlush() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(50))) {
            f.on(() -> {
                for (int i = 0; i < 100; i++) {
                    f.shard.putString(b("k" + i), b("v" + i), ShardPersistence.NO_EXPIRY);
                }
                return null;
            });
            // one window, one pack of the 100 keys
            await().atMost(Duration.ofSeconds(10)).until(() -> f.packCounts().equals(List.of(100)));
            f.on(() -> f.shard.deleteKey(b("k7")));
            // the next window writes k7's tombstone; the first pack stays, its other 99 keys being live
            await().atMost(Duration.ofSeconds(10)).until(() -> f.packCounts().equals(List.of(100, 1)));
            f.crashAndReopen();
            assertThat(f.keys).hasSize(99).doesNotContainKey("k7").containsKey("k99");
        }
    }

    @Test
    void shouldCoalesceRepeatedWritesOfAKeyIntoOneVolumeWrite() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000))) {
            f.on(() -> {
                for (int i = 1; i <= 1000; i++) {
                    f.shard.putString(b("counter"), b(Integer.toString(i)), ShardPersistence.NO_EXPIRY);
                }
                f.shard.putString(b("gone"), b("x"), ShardPersistence.NO_EXPIRY);
                return f.shard.deleteKey(b("gone"));
            });
            f.call(() -> f.shard.flush());

            assertThat(f.volume.counters().snapshot().appends()).as("one append for 1000 writes, none for a key "
                + "created and deleted within the window").isEqualTo(1);
            f.reopen();
            assertThat(f.keys).containsOnlyKeys("counter");
            assertThat(f.keys.get("counter").value()).isEqualTo("1000");
        }
    }

    @Test
    void shouldLoseOnlyWhatWasNotYetWrittenWhenTheProcessDies() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000))) {
            f.on(() -> f.shard.putString(b("durable"), b("1"), ShardPersistence.NO_EXPIRY));
            f.call(() -> f.shard.flush());
            f.on(() -> f.shard.putString(b("durable"), b("2"), ShardPersistence.NO_EXPIRY));
            f.on(() -> f.shard.putString(b("pending"), b("x"), ShardPersistence.NO_EXPIRY));

            f.crashAndReopen();

            assertThat(f.keys).containsOnlyKeys("durable");
            assertThat(f.keys.get("durable").value()).isEqualTo("1");
        }
    }

    @Test
    void shouldMakeWritesWaitForDurabilityWhenTheBacklogIsFull() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000)
            .withAsyncMaxPendingBytes(200))) {
            // each write's state is read in the task that issues it: the flush it starts runs right after
            Ack small = f.on(() -> Ack.of(f.shard.putString(b("small"), b("x"), -1)));
            assertThat(small.doneAtOnce()).isTrue();
            Ack big = f.on(() -> Ack.of(f.shard.putString(b("big"), new byte[300], -1)));
            assertThat(big.doneAtOnce()).as("over the backlog bound: acknowledged once durable").isFalse();
            big.ack().get();
            // the whole backlog was handed to the volume with it (the window is an hour): small shares big's pack
            assertThat(f.packCounts()).containsExactly(2);
            assertThat(f.stats().backlogBytes()).isZero();
            Ack next = f.on(() -> Ack.of(f.shard.putString(b("after"), b("y"), -1)));
            assertThat(next.doneAtOnce()).as("back under the bound").isTrue();
            f.crashAndReopen();
            assertThat(f.keys).as("after was acknowledged from memory only").containsOnlyKeys("small", "big");
        }
    }

    @Test
    void shouldFlushBeforeTheTickOnceAQuarterOfTheBacklogBoundWaits() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000)
            .withAsyncMaxPendingBytes(4000))) {
            Ack first = f.on(() -> Ack.of(f.shard.putString(b("first"), new byte[500], -1)));
            assertThat(first.doneAtOnce()).isTrue();
            assertThat(f.storedPacks()).as("under a quarter of the bound: waits for the tick").isZero();
            // about 1,000 bytes of records now wait: a flush starts, and the write is still acknowledged at once
            Ack second = f.on(() -> Ack.of(f.shard.putString(b("second"), new byte[500], -1)));
            assertThat(second.doneAtOnce()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> f.packCounts().equals(List.of(2)));
            assertThat(f.stats().backlogBytes()).isZero();
            f.crashAndReopen();
            assertThat(f.keys).containsOnlyKeys("first", "second");
        }
    }

    /** A write's acknowledgement, and whether it was complete when the write returned. */
    private record Ack(CompletableFuture<Void> ack, boolean doneAtOnce) {
        static Ack of(CompletionStage<Void> stage) {
            CompletableFuture<Void> ack = stage.toCompletableFuture();
            return new Ack(ack, ack.isDone());
        }
    }

    @Test
    void shouldFlushPendingChangesOnClose() throws Exception {
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000))) {
            f.on(() -> f.shard.putHashField(b("h"), b("f"), b("v")));
            f.reopen();
            assertThat(f.keys).containsOnlyKeys("h");
        }
    }

    @Test
    void shouldFlushALargeWindowInStepsThatLetQueuedWorkRunBetweenThem() throws Exception {
        int keys = 3 * ShardPersistence.FLUSH_CHUNK_SLOTS + 10;
        byte[] value = new byte[1000]; // about 1.5 MiB of records: several packs, some built over several steps
        java.util.Arrays.fill(value, (byte) 'v');
        try (StashFixture f = StashFixture.open(dir, ASYNC.withAsyncWindowMs(3_600_000))) {
            CompletableFuture<Long> takenWhenQueuedWorkRan = new CompletableFuture<>();
            CompletionStage<Void> flushed = f.on(() -> {
                for (int i = 0; i < keys; i++) {
                    f.shard.putString(b("k" + i), value, ShardPersistence.NO_EXPIRY);
                }
                CompletionStage<Void> all = f.shard.flush();
                // Queued behind the flush's first step: it must run before the flush's next step, not after all.
                f.loop.execute(() -> takenWhenQueuedWorkRan.complete(f.shard.stats().inFlight()));
                return all;
            });
            flushed.toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(takenWhenQueuedWorkRan.getNow(-1L)).isEqualTo(ShardPersistence.FLUSH_CHUNK_SLOTS);
            List<Integer> packs = f.packCounts();
            assertThat(packs).hasSizeGreaterThan(1);
            assertThat(packs.stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys);
            f.crashAndReopen();
            assertThat(f.keys).hasSize(keys);
            for (int i = 0; i < keys; i++) {
                assertThat(f.keys.get("k" + i).value()).as("k%d", i).isEqualTo(new String(value));
            }
        }
    }

    @Test
    void shouldRunOneChunkPerStepWhenNoWriterWaitsForTheFlush() throws Exception {
        // async within its backlog bound: however long the reactor was busy, a step is one chunk
        StashConfig config = ASYNC.withAsyncWindowMs(3_600_000);
        assertThat(slotsTakenByTheSecondStep(config, 6, 40_000_000L, 0))
            .isEqualTo(2 * ShardPersistence.FLUSH_CHUNK_SLOTS);
    }

    @Test
    void shouldRunMoreChunksPerStepWhenWritersWaitAndTheReactorWasBusy() throws Exception {
        // 40 ms of other work between two steps: the next may run a quarter of that (at most 10 ms); the clock stands
        // still meanwhile, so that step takes every slot left
        StashConfig sync = StashConfig.defaults().withDurability(StashDurability.SYNC);
        assertThat(slotsTakenByTheSecondStep(sync, 6, 40_000_000L, 0))
            .isEqualTo(6 * ShardPersistence.FLUSH_CHUNK_SLOTS);
        StashConfig pastBound = ASYNC.withAsyncWindowMs(3_600_000).withAsyncMaxPendingBytes(1024);
        assertThat(slotsTakenByTheSecondStep(pastBound, 6, 40_000_000L, 0))
            .isEqualTo(6 * ShardPersistence.FLUSH_CHUNK_SLOTS);
        // with no time between the steps, one chunk
        assertThat(slotsTakenByTheSecondStep(sync, 6, 0, 0)).isEqualTo(2 * ShardPersistence.FLUSH_CHUNK_SLOTS);
    }

    @Test
    void shouldCapAStepThatWritersWaitFor() throws Exception {
        // the clock moves 1 ms per reading (one per chunk) after 400 ms of other work: the step runs its first chunk
        // and nine more (10 ms)
        StashConfig sync = StashConfig.defaults().withDurability(StashDurability.SYNC);
        assertThat(slotsTakenByTheSecondStep(sync, 30, 400_000_000L, 1_000_000L))
            .isEqualTo(11 * ShardPersistence.FLUSH_CHUNK_SLOTS);
    }

    /**
     * Queues {@code chunks} chunks' worth of changes and flushes them: the first chunk is taken at once, then a task
     * advances the step clock by {@code busyNanos} (the reactor's other work), then the flush's next step runs, with
     * the clock moving {@code perReading} at each reading. Returns how many slots were in flight right after that
     * step.
     */
    private long slotsTakenByTheSecondStep(StashConfig config, int chunks, long busyNanos, long perReading)
        throws Exception {
        int keys = chunks * ShardPersistence.FLUSH_CHUNK_SLOTS;
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        try (StashFixture f = StashFixture.open(dir, config)) {
            CompletableFuture<Long> afterFirst = new CompletableFuture<>();
            CompletableFuture<Long> afterSecond = new CompletableFuture<>();
            List<CompletionStage<Void>> writes = new java.util.ArrayList<>();
            f.on(() -> {
                f.shard.stepClock(() -> clock.getAndAdd(perReading));
                for (int i = 0; i < keys; i++) {
                    writes.add(f.shard.putString(b("k" + i), b("v" + i), ShardPersistence.NO_EXPIRY));
                }
                writes.add(f.shard.flush()); // sync mode: the flush is already scheduled
                f.loop.execute(() -> {
                    afterFirst.complete(f.shard.stats().inFlight());
                    clock.addAndGet(busyNanos);
                    // scheduled after the flush's next step, with the same (zero) delay: runs right after it
                    f.loop.schedule(() -> afterSecond.complete(f.shard.stats().inFlight()), 0,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
                });
                return null;
            });
            for (CompletionStage<Void> w : writes) {
                w.toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(afterFirst.getNow(-1L)).isEqualTo(ShardPersistence.FLUSH_CHUNK_SLOTS);
            f.crashAndReopen();
            assertThat(f.keys).hasSize(keys);
            return afterSecond.getNow(-1L);
        }
    }
}
