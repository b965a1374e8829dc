package io.kronotop.server.redis.persist;

import io.kronotop.volume.VolumeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static io.kronotop.server.redis.persist.StashFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@link ShardPersistence} in sync mode against a real volume and metastore: round trips, restarts, ordering. */
@Timeout(60)
class ShardPersistenceTest {
    @TempDir
    Path dir;

    private StashFixture f;

    @BeforeEach
    void open() throws Exception {
        f = StashFixture.open(dir, StashConfig.defaults());
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    /** This test's fixture again, with staging off: every flush is a volume append, whose completion a test holds. */
    private void unstaged() throws Exception {
        f.close();
        Path unstaged = java.nio.file.Files.createDirectories(dir.resolve("unstaged"));
        f = StashFixture.open(unstaged, StashConfig.defaults().withStage(0, 1, 1000));
    }

    private static StashFixture.Recovered string(String value, long expiry) {
        return new StashFixture.Recovered(value, null, expiry);
    }

    @Test
    void shouldStartEmptyAndRecoverStringsWithTheirLatestValueAndExpiry() throws Exception {
        assertThat(f.summary.entries()).isZero();
        f.call(() -> f.shard.putString(b("a"), b("1"), ShardPersistence.NO_EXPIRY));
        f.call(() -> f.shard.putString(b("b"), b("2"), f.nowMs.get() + 60_000));
        f.call(() -> f.shard.putString(b("a"), b("one"), ShardPersistence.NO_EXPIRY));
        // three flushes, three packs: the first holds only a's old value and, being the head, is collected
        f.awaitStoredPacks(2);

        f.reopen();

        assertThat(f.keys).containsOnlyKeys("a", "b");
        assertThat(f.keys.get("a")).isEqualTo(string("one", -1));
        assertThat(f.keys.get("b")).isEqualTo(string("2", f.nowMs.get() + 60_000));
        assertThat(f.summary.strings()).isEqualTo(2);
        assertThat(f.summary.entries()).isEqualTo(2);
        f.call(() -> f.shard.putString(b("a"), b("uno"), ShardPersistence.NO_EXPIRY));
        assertThat(f.storedPacks()).as("the recovered pack of a is dead, but stays behind b's live one")
            .isEqualTo(3);
        f.reopen();
        assertThat(f.summary.entries()).isEqualTo(3);
        assertThat(f.keys.get("a").value()).isEqualTo("uno");
        assertThat(f.keys.get("b")).isEqualTo(string("2", f.nowMs.get() + 60_000));
    }

    @Test
    void shouldRecoverHashFieldsAndExpiry() throws Exception {
        f.call(() -> f.shard.putHashField(b("h"), b("f1"), b("v1")));
        f.call(() -> f.shard.putHashField(b("h"), b("f2"), b("v2")));
        f.call(() -> f.shard.putHashField(b("h"), b("f1"), b("v1b")));
        f.call(() -> f.shard.deleteHashField(b("h"), b("f2")));
        f.call(() -> f.shard.putHashField(b("h"), b("f3"), b("")));
        f.call(() -> f.shard.setHashExpiry(b("h"), f.nowMs.get() + 5000));
        f.call(() -> f.shard.putHashField(b("g"), b("x"), b("y")));
        f.call(() -> f.shard.setHashExpiry(b("g"), f.nowMs.get() + 5000));
        f.call(() -> f.shard.setHashExpiry(b("g"), ShardPersistence.NO_EXPIRY));
        // one pack per call: the first two (f1=v1, f2=v2) die at the head and go; the tombstones of f2 and of g's
        // expiry stay behind the live pack of f1=v1b
        f.awaitStoredPacks(7);

        f.reopen();

        assertThat(f.keys.get("h")).isEqualTo(new StashFixture.Recovered(null, Map.of("f1", "v1b", "f3", ""),
            f.nowMs.get() + 5000));
        assertThat(f.keys.get("g")).isEqualTo(new StashFixture.Recovered(null, Map.of("x", "y"), -1));
        assertThat(f.summary.hashes()).isEqualTo(2);
        assertThat(f.summary.hashFields()).isEqualTo(3);
        assertThat(f.summary.entries()).isEqualTo(7);
        assertThat(f.summary.supersededEntries()).as("f2's tombstone, g's expiry and its tombstone").isEqualTo(3);
    }

    @Test
    void shouldDeleteEveryEntryOfAKeyAndClearTheShard() throws Exception {
        f.call(() -> f.shard.putString(b("s"), b("v"), ShardPersistence.NO_EXPIRY));
        for (int i = 0; i < 1500; i++) {
            int field = i;
            f.on(() -> f.shard.putHashField(b("big"), b("f" + field), b("v" + field)));
        }
        f.call(() -> f.shard.setHashExpiry(b("big"), f.nowMs.get() + 1000));
        f.call(() -> f.shard.putString(b("keep"), b("k"), ShardPersistence.NO_EXPIRY));
        assertThat(f.stats().keys()).isEqualTo(3);

        f.call(() -> f.shard.deleteKey(b("big")));
        f.call(() -> f.shard.deleteKey(b("s")));
        f.call(() -> f.shard.deleteKey(b("never-written")));

        // every pack before keep's is dead and goes; the two tombstone packs stay behind keep's live one
        f.awaitStoredPacks(3);
        assertThat(f.packCounts()).containsExactly(1, 1501, 1);
        assertThat(f.stats().keys()).isEqualTo(1);
        f.reopen();
        assertThat(f.keys).containsOnlyKeys("keep");

        f.call(() -> f.shard.clear());
        f.awaitStoredPacks(0);
        assertThat(f.stats().entries()).isZero();
        f.reopen();
        assertThat(f.keys).isEmpty();
        assertThat(f.summary.entries()).isZero();
    }

    @Test
    void shouldReplaceAHashWithAStringAndAStringWithAHash() throws Exception {
        f.call(() -> f.shard.putHashField(b("k"), b("f"), b("v")));
        f.call(() -> f.shard.putString(b("k"), b("now a string"), ShardPersistence.NO_EXPIRY));
        f.reopen();
        assertThat(f.keys.get("k")).isEqualTo(string("now a string", -1));
        assertThat(f.storedPacks()).isEqualTo(1);

        f.call(() -> f.shard.putHashField(b("k"), b("g"), b("w")));
        f.reopen();
        assertThat(f.keys.get("k")).isEqualTo(new StashFixture.Recovered(null, Map.of("g", "w"), -1));
        assertThat(f.storedPacks()).isEqualTo(1);
    }

    @Test
    void shouldNotLetTheCleanUpOfAReplacedTypeTouchTheKeysNewValue() throws Exception {
        f.call(() -> f.shard.putHashField(b("k"), b("f"), b("v1")));
        f.call(() -> {
            f.shard.putString(b("k"), b("s"), ShardPersistence.NO_EXPIRY);
            f.shard.putHashField(b("k"), b("f"), b("v2"));
            f.shard.putString(b("k"), b("s2"), ShardPersistence.NO_EXPIRY);
            return f.shard.putHashField(b("k"), b("f"), b("v3"));
        });
        f.call(() -> f.shard.flush());
        f.awaitStoredPacks(1);
        assertThat(f.packCounts()).as("the field's latest value only: the string never reached the volume, so it "
            + "needs no tombstone").containsExactly(1);
        f.reopen();
        assertThat(f.keys.get("k")).isEqualTo(new StashFixture.Recovered(null, Map.of("f", "v3"), -1));
        assertThat(f.summary.supersededEntries()).isZero();
    }

    @Test
    void shouldDropAndDeleteExpiredKeysAtLoad() throws Exception {
        long now = f.nowMs.get();
        f.call(() -> f.shard.putString(b("short"), b("x"), now + 1000));
        f.call(() -> f.shard.putString(b("long"), b("y"), now + 100_000));
        f.call(() -> f.shard.putHashField(b("h"), b("f"), b("v")));
        f.call(() -> f.shard.setHashExpiry(b("h"), now + 1000));
        f.nowMs.set(now + 1000);

        f.reopen();

        assertThat(f.keys).containsOnlyKeys("long");
        assertThat(f.summary.expiredKeys()).isEqualTo(2);
        // the expired keys' records are dead: their packs go once every older pack has gone, here once long's own
        // pack dies too
        f.call(() -> f.shard.putString(b("long"), b("z"), now + 100_000));
        f.awaitStoredPacks(1);
        f.reopen();
        assertThat(f.keys).containsOnlyKeys("long");
        assertThat(f.keys.get("long").value()).isEqualTo("z");
    }

    @Test
    void shouldApplyWritesOfOneKeyInCommandOrderWhenIssuedTogether() throws Exception {
        List<CompletionStage<Void>> acks = f.on(() -> {
            List<CompletionStage<Void>> list = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                list.add(f.shard.putString(b("counter"), b(Integer.toString(i + 1)), ShardPersistence.NO_EXPIRY));
                list.add(f.shard.putHashField(b("h"), b("f"), b("v" + i)));
            }
            return list;
        });
        for (CompletionStage<Void> ack : acks) {
            ack.toCompletableFuture().get();
        }
        assertThat(f.packCounts()).as("one flush, one pack; each key's writes coalesced to its latest")
            .containsExactly(2);
        f.reopen();
        assertThat(f.keys.get("counter").value()).isEqualTo("50");
        assertThat(f.keys.get("h").fields()).containsExactlyEntriesOf(Map.of("f", "v49"));
    }

    /**
     * A string changed in place and enqueued again (SETBIT, BITFIELD, SETRANGE inside the string) is encoded when a
     * flush takes it: the record holds the bytes as they are then, once however many changes came before, and a
     * change made while a flush has its record in flight goes with the next flush. The volume's completions are held
     * so that the first flush is still in flight when the stats are read.
     */
    @Test
    void shouldWriteAStringChangedInPlaceAsItIsWhenAFlushTakesIt() throws Exception {
        byte[] bitmap = new byte[4096];
        CompletableFuture<PersistenceStats> during = new CompletableFuture<>();
        List<CompletionStage<Void>> acks = new ArrayList<>();
        unstaged();
        StashFixture.HeldCompletions held = f.holdCompletions();
        f.on(() -> {
            for (int i = 0; i < 100; i++) {
                bitmap[i] = 1;
                acks.add(f.shard.putString(b("bits"), bitmap, ShardPersistence.NO_EXPIRY));
            }
            f.loop.execute(() -> {
                // the first flush has taken the slot by now: this change waits for it
                bitmap[4095] = 7;
                acks.add(f.shard.putString(b("bits"), bitmap, ShardPersistence.NO_EXPIRY));
                f.loop.execute(() -> during.complete(f.shard.stats()));
            });
            return null;
        });
        PersistenceStats stats = during.get(20, TimeUnit.SECONDS);
        assertThat(stats.dirtySlots()).as("the change made in place after the flush took it waits").isEqualTo(1);
        assertThat(stats.backlogBytes()).as("in flight and waiting, each one record of the whole string")
            .isEqualTo(2 * StashRecordDescriptor.recordLength(4, 0, 4096));
        // the flush went to the volume, whose completion the test holds (not to the stage, which it could not)
        await().atMost(Duration.ofSeconds(10)).until(() -> held.held() >= 1);
        held.release();
        for (CompletionStage<Void> ack : f.on(() -> List.copyOf(acks))) {
            ack.toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        f.reopen();
        byte[] expected = new byte[4096];
        java.util.Arrays.fill(expected, 0, 100, (byte) 1);
        expected[4095] = 7;
        assertThat(f.keys.get("bits").value()).isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * A write arriving while a flush is in flight goes out in a second flush at once, unless its slot's record is in
     * the first: that change waits until the record has been written, so one slot's records stay in command order.
     * The tasks run on the shard's thread in order: the first flush has handed its pack to the volume when the second
     * task runs, and cannot end before the stats are read, since the volume's completions are held until then.
     */
    @Test
    void shouldStartASecondFlushWhileOneIsInFlightButHoldAChangeToASlotInFlight() throws Exception {
        CompletableFuture<PersistenceStats> during = new CompletableFuture<>();
        List<CompletionStage<Void>> acks = new ArrayList<>();
        unstaged();
        StashFixture.HeldCompletions held = f.holdCompletions();
        f.on(() -> {
            acks.add(f.shard.putString(b("a"), b("v1"), ShardPersistence.NO_EXPIRY));
            f.loop.execute(() -> {
                acks.add(f.shard.putString(b("a"), b("v2"), ShardPersistence.NO_EXPIRY));
                acks.add(f.shard.putString(b("b"), b("w"), ShardPersistence.NO_EXPIRY));
                f.loop.execute(() -> during.complete(f.shard.stats()));
            });
            return null;
        });
        PersistenceStats stats = during.get(20, TimeUnit.SECONDS);
        assertThat(stats.inFlight()).as("a in the first flush, b in the second").isEqualTo(2);
        assertThat(stats.dirtySlots()).as("a's second value waits for its first").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> held.held() >= 1);
        held.release();
        for (CompletionStage<Void> ack : f.on(() -> List.copyOf(acks))) {
            ack.toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        f.awaitStoredPacks(2); // a's first pack is dead once its second value is written
        f.reopen();
        assertThat(f.keys.get("a").value()).isEqualTo("v2");
        assertThat(f.keys.get("b").value()).isEqualTo("w");
    }

    @Test
    void shouldDeleteAKeyWhoseAppendIsStillInFlight() throws Exception {
        f.call(() -> {
            f.shard.putString(b("k"), b("v"), ShardPersistence.NO_EXPIRY);
            f.shard.putHashField(b("h"), b("f"), b("v"));
            CompletionStage<Void> first = f.shard.deleteKey(b("k"));
            return CompletableFuture.allOf(first.toCompletableFuture(),
                f.shard.deleteKey(b("h")).toCompletableFuture());
        });
        assertThat(f.storedPacks()).isZero();
        assertThat(f.on(() -> f.shard.stats())).isEqualTo(new PersistenceStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        f.reopen();
        assertThat(f.keys).isEmpty();
    }

    @Test
    void shouldKeepTheLastOfUpdatesAndDeletesRacingOnOneKey() throws Exception {
        f.call(() -> f.shard.putString(b("k"), b("v0"), ShardPersistence.NO_EXPIRY));
        f.call(() -> {
            f.shard.putString(b("k"), b("v1"), ShardPersistence.NO_EXPIRY);
            f.shard.deleteKey(b("k"));
            f.shard.putString(b("k"), b("v2"), ShardPersistence.NO_EXPIRY);
            f.shard.deleteKey(b("k"));
            return f.shard.putString(b("k"), b("v3"), ShardPersistence.NO_EXPIRY);
        });
        f.call(() -> f.shard.flush());
        f.call(() -> {
            f.shard.putString(b("d"), b("v1"), ShardPersistence.NO_EXPIRY);
            return f.shard.deleteKey(b("d"));
        });
        f.reopen();
        assertThat(f.keys).containsOnlyKeys("k");
        assertThat(f.keys.get("k").value()).isEqualTo("v3");
        assertThat(f.storedPacks()).isEqualTo(1);
    }

    @Test
    void shouldKeepOnlyTheNewestRecordOfAKeyLeftBehindByACrash() throws Exception {
        long now = f.nowMs.get();
        append(StashRecordDescriptor.encodeHashField(3, b("k"), b("old"), b("x")));
        append(StashRecordDescriptor.encodeString(5, b("k"), b("string"), -1));
        append(StashRecordDescriptor.encodeHashField(7, b("k"), b("new"), b("y")));
        append(StashRecordDescriptor.encodeHashExpiry(2, b("k"), now + 10));
        append(StashRecordDescriptor.encodeString(10, b("dup"), b("older"), -1));
        append(StashRecordDescriptor.encodeString(11, b("dup"), b("newer"), -1));
        append(StashRecordDescriptor.encodeHashExpiry(12, b("lonely"), now + 50_000));
        append(new byte[] {9, 9, 9});

        f.reopen();

        assertThat(f.keys.get("k")).isEqualTo(new StashFixture.Recovered(null, Map.of("new", "y"), -1));
        assertThat(f.keys.get("dup")).isEqualTo(string("newer", -1));
        assertThat(f.keys).containsOnlyKeys("k", "dup");
        assertThat(f.summary.supersededEntries()).isEqualTo(5);
        assertThat(f.summary.unreadableEntries()).isEqualTo(1);
        assertThat(f.summary.nextSequence()).isEqualTo(13);
        assertThat(f.summary.entries()).isEqualTo(8);
        // recovery deletes nothing itself; the two dead entries at the head go, the rest (dead or not, and the
        // unreadable one) stays behind the live field new=y, followed by whatever the shard has written since
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.storedPacks() == 6 + f.volume.counters().snapshot().appends());
        f.call(() -> f.shard.putString(b("dup"), b("latest"), ShardPersistence.NO_EXPIRY));
        f.reopen();
        assertThat(f.keys.get("dup").value()).isEqualTo("latest");
    }

    @Test
    void shouldRefuseWritesBeforeRecoveryAndAfterClose() throws Exception {
        ShardPersistence fresh = f.on(() -> new ShardPersistence(f.volume, f.db, 42, StashConfig.defaults(), f.loop,
            ForkJoinPool.commonPool(), f.nowMs::get));
        assertThatThrownBy(() -> f.call(() -> fresh.putString(b("k"), b("v"), -1)))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        f.call(() -> fresh.recover(new Collecting()));
        assertThatThrownBy(() -> f.call(() -> fresh.recover(new Collecting())))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        f.call(fresh::close);
        assertThatThrownBy(() -> f.call(() -> fresh.deleteKey(b("k"))))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFailTheAcknowledgementWhenTheVolumeRefusesWrites() throws Exception {
        f.volume.setStatus(VolumeStatus.READONLY).get();
        assertThatThrownBy(() -> f.call(() -> f.shard.putString(b("k"), b("v"), -1)))
            .isInstanceOf(ExecutionException.class)
            .hasRootCauseInstanceOf(io.kronotop.volume.VolumeStatusException.class);
        assertThat(f.on(() -> f.shard.stats()).failedWrites()).isEqualTo(1);
        f.volume.setStatus(VolumeStatus.READWRITE).get();
        f.call(() -> f.shard.putString(b("k"), b("v2"), -1));
        f.reopen();
        assertThat(f.keys.get("k").value()).isEqualTo("v2");
    }

    @Test
    void shouldTryFailedChangesAgainAndReportTheErrorUntilTheyAreDurable() throws Exception {
        f.call(() -> f.shard.putString(b("deleted"), b("v"), -1));
        f.volume.setStatus(VolumeStatus.READONLY).get();
        assertThatThrownBy(() -> f.call(() -> f.shard.putString(b("k"), b("v"), -1)))
            .isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> f.call(() -> f.shard.deleteKey(b("deleted"))))
            .isInstanceOf(ExecutionException.class);
        assertThat(f.on(() -> f.shard.writeError())).isNotNull();
        assertThat(f.on(() -> f.shard.stats()).failingSlots()).isEqualTo(2);
        // the retries keep failing while the volume refuses writes
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.on(() -> f.shard.stats()).failedWrites() >= 4);
        assertThat(f.on(() -> f.shard.writeError())).isNotNull();

        f.volume.setStatus(VolumeStatus.READWRITE).get();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.on(() -> f.shard.writeError()) == null);
        assertThat(f.on(() -> f.shard.stats()).failingSlots()).isZero();
        f.reopen();
        assertThat(f.keys.get("k").value()).as("the failed append, written by a retry").isEqualTo("v");
        assertThat(f.keys).as("the failed delete, done by a retry").doesNotContainKey("deleted");
    }

    @Test
    void shouldNotHoldWritesBackForARecordTheVolumeCanNeverTake() throws Exception {
        byte[] larger = new byte[(int) StashFixture.CONFIG.segmentSizeBytes() + 1];
        assertThatThrownBy(() -> f.call(() -> f.shard.putString(b("big"), larger, -1)))
            .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThat(f.on(() -> f.shard.writeError())).isNull();
        assertThat(f.on(() -> f.shard.stats()).failingSlots()).isZero();
        f.call(() -> f.shard.putString(b("k"), b("v"), -1));
        f.reopen();
        assertThat(f.keys.get("k").value()).isEqualTo("v");
        assertThat(f.keys).doesNotContainKey("big");
    }

    @Test
    void shouldDeleteTheOldTypeOfAKeyOnlyOnceTheRetryHasWrittenTheNewOne() throws Exception {
        f.call(() -> f.shard.putHashField(b("h"), b("f"), b("v")));
        f.volume.setStatus(VolumeStatus.READONLY).get();
        assertThatThrownBy(() -> f.call(() -> f.shard.putString(b("h"), b("now a string"), -1)))
            .isInstanceOf(ExecutionException.class);
        f.volume.setStatus(VolumeStatus.READWRITE).get();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.on(() -> f.shard.writeError()) == null);
        // once the retry has written the string, the hash's entry goes
        await().atMost(Duration.ofSeconds(10))
            .until(() -> f.on(() -> f.shard.stats()).entries() == 1);
        f.reopen();
        assertThat(f.keys.get("h").value()).isEqualTo("now a string");
        assertThat(f.keys.get("h").fields()).isNull();
    }

    private void append(byte[] record) throws Exception {
        f.appendBare(record);
    }

    private static final class Collecting implements RecoveryVisitor {
        @Override
        public void onString(byte[] key, byte[] value, long expiryAtMs) {
        }

        @Override
        public void onHashField(byte[] key, byte[] field, byte[] value) {
        }

        @Override
        public void onHashExpiry(byte[] key, long expiryAtMs) {
        }
    }
}
