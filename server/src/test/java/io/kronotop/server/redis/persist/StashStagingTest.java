package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import static io.kronotop.server.redis.persist.StashFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Staged packs ({@link ShardPersistence}): a small flush is made durable by one metastore commit that holds its
 * bytes, and the staged packs are moved into the volume later, keeping their place in the shard's log.
 */
@Timeout(60)
class StashStagingTest {
    /** Packs of up to 1 KiB staged; moved only when a test asks (the size and the timer are out of reach). */
    private static final StashConfig MANUAL = StashConfig.defaults().withStage(1024, Long.MAX_VALUE, 3_600_000);

    @TempDir
    Path dir;

    @Test
    void shouldAcknowledgeASmallFlushOnceStagedAndRecoverItAfterACrash() throws Exception {
        try (StashFixture f = StashFixture.open(dir, MANUAL)) {
            f.call(() -> {
                f.shard.putString(b("k"), b("v"), ShardPersistence.NO_EXPIRY);
                return f.shard.putHashField(b("h"), b("f"), b("x"));
            });
            assertThat(f.stagedPacks()).as("one flush, one staged pack").hasSize(1);
            assertThat(f.volume.counters().snapshot().appends()).as("nothing in the volume yet").isZero();
            PersistenceStats stats = f.stats();
            assertThat(stats.stagedPacks()).isEqualTo(1);
            assertThat(stats.stagedBytes()).isEqualTo(f.stagedPacks().getFirst().getValue().length);

            f.crashAndReopen();

            assertThat(f.keys.get("k").value()).isEqualTo("v");
            assertThat(f.keys.get("h").fields()).containsEntry("f", "x");
            assertThat(f.summary.entries()).isEqualTo(1);
            assertThat(f.stats().stagedPacks()).as("still staged after the restart").isEqualTo(1);
        }
    }

    @Test
    void shouldSendAPackLargerThanTheStageLimitStraightToTheVolume() throws Exception {
        try (StashFixture f = StashFixture.open(dir, MANUAL)) {
            f.call(() -> f.shard.putString(b("big"), new byte[2000], ShardPersistence.NO_EXPIRY));
            assertThat(f.stagedPacks()).isEmpty();
            assertThat(f.volume.counters().snapshot().appends()).isEqualTo(1);
        }
    }

    @Test
    void shouldMoveStagedPacksIntoTheVolumeInOneCommitAndKeepThemReadable() throws Exception {
        try (StashFixture f = StashFixture.open(dir, MANUAL)) {
            for (int i = 0; i < 5; i++) {
                String n = "k" + i;
                f.call(() -> f.shard.putString(b(n), b("v-" + n), ShardPersistence.NO_EXPIRY));
            }
            assertThat(f.stagedPacks()).hasSize(5);

            f.call(() -> f.shard.moveStagedNow());

            assertThat(f.stagedPacks()).as("every staged key cleared").isEmpty();
            assertThat(f.volume.counters().snapshot().appends()).as("five volume entries").isEqualTo(5);
            assertThat(f.packCounts()).containsExactly(1, 1, 1, 1, 1);
            assertThat(f.stats().stagedPacks()).isZero();
            assertThat(f.stats().stagedBytes()).isZero();
            f.reopen();
            for (int i = 0; i < 5; i++) {
                assertThat(f.keys.get("k" + i).value()).isEqualTo("v-k" + i);
            }
            assertThat(f.summary.entries()).isEqualTo(5);
        }
    }

    /**
     * A moved pack must keep its place in the log across a restart: here the staged pack {k=v1, keep=x} is moved
     * after the volume pack that deletes k. Were the moved copy placed by its own (later) id, the deleting pack would
     * be the head after a restart, deleted once dead, and k would come back from the moved copy.
     */
    @Test
    void shouldKeepAMovedPacksPlaceInTheLogSoThatADeletedKeyStaysDeleted() throws Exception {
        try (StashFixture f = StashFixture.open(dir, MANUAL)) {
            f.call(() -> {
                f.shard.putString(b("k"), b("v1"), ShardPersistence.NO_EXPIRY);
                return f.shard.putString(b("keep"), b("x"), ShardPersistence.NO_EXPIRY);
            });
            f.call(() -> {
                f.shard.deleteKey(b("k"));
                return f.shard.putString(b("big"), new byte[2000], ShardPersistence.NO_EXPIRY);
            });
            assertThat(f.stagedPacks()).as("only the first flush is small enough").hasSize(1);
            f.call(() -> f.shard.moveStagedNow());
            assertThat(f.stagedPacks()).isEmpty();
            assertThat(f.packCounts()).as("the moved pack first: {k, keep}, then {k's tombstone, big}")
                .containsExactly(2, 2);

            f.reopen();
            assertThat(f.keys).containsOnlyKeys("keep", "big");
            // big's new value leaves the second pack dead (a tombstone and a dead record); it must stay while the
            // moved pack before it holds keep
            f.call(() -> f.shard.putString(b("big"), b("small"), ShardPersistence.NO_EXPIRY));
            f.reopen();

            assertThat(f.keys).containsOnlyKeys("keep", "big");
            assertThat(f.keys.get("big").value()).isEqualTo("small");
            assertThat(f.packCounts()).containsExactly(2, 2, 1);
        }
    }

    @Test
    void shouldDeleteDeadStagedPacksAndCleanTheLogWithStagingOn() throws Exception {
        try (StashFixture f = StashFixture.open(dir, MANUAL.withLogMinBytes(1))) {
            f.call(() -> f.shard.putString(b("once"), b("written once"), ShardPersistence.NO_EXPIRY));
            for (int i = 1; i <= 200; i++) {
                String value = "v" + i;
                f.call(() -> f.shard.putString(b("hot"), b(value), ShardPersistence.NO_EXPIRY));
            }
            // the cleaner writes "once" again from the staged bytes, and the dead staged packs are deleted
            await().atMost(Duration.ofSeconds(10)).until(() -> f.storedPacks() <= 3);
            assertThat(f.volume.counters().snapshot().appends()).as("everything staged").isZero();

            f.reopen();

            assertThat(f.keys).containsOnlyKeys("once", "hot");
            assertThat(f.keys.get("once").value()).isEqualTo("written once");
            assertThat(f.keys.get("hot").value()).isEqualTo("v200");
        }
    }

    @Test
    void shouldMoveByItselfOnceTheStagedBytesReachTheMoveSize() throws Exception {
        try (StashFixture f = StashFixture.open(dir, StashConfig.defaults().withStage(1024, 2000, 3_600_000))) {
            f.call(() -> {
                CompletionStage<Void> last = null;
                for (int i = 0; i < 40; i++) {
                    last = f.shard.putString(b("a" + i), new byte[20], ShardPersistence.NO_EXPIRY);
                }
                return last;
            });
            for (int round = 0; round < 30; round++) {
                String key = "r" + round;
                f.call(() -> f.shard.putString(b(key), new byte[100], ShardPersistence.NO_EXPIRY));
            }
            // moves follow one another while the staged bytes reach the move size; what stays staged is below it
            await().atMost(Duration.ofSeconds(10)).until(() -> f.volume.counters().snapshot().appends() > 0
                && f.stats().stagedBytes() < 2000);

            f.crashAndReopen();

            assertThat(f.keys).hasSize(70);
            assertThat(f.keys.get("r29").value()).hasSize(100);
        }
    }

    @Test
    void shouldMoveStagedPacksFoundAtRecoveryOnceTheTimerEnds() throws Exception {
        try (StashFixture f = StashFixture.open(dir, MANUAL)) {
            f.call(() -> f.shard.putString(b("k"), b("v"), ShardPersistence.NO_EXPIRY));
        }
        try (StashFixture f = StashFixture.open(dir, StashConfig.defaults().withStage(1024, Long.MAX_VALUE, 50))) {
            assertThat(f.keys.get("k").value()).isEqualTo("v");
            await().atMost(Duration.ofSeconds(10)).until(() -> f.stagedPacks().isEmpty());
            assertThat(f.volume.counters().snapshot().appends()).isEqualTo(1);
            f.reopen();
            assertThat(f.keys.get("k").value()).isEqualTo("v");
        }
    }
}
