package io.kronotop.volume.vacuum;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.metastore.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run interrupted by a shutdown (or a crash: the metastore then holds the same RUNNING record) resumes from its
 * persisted cursor when a new {@link Vacuum} over the same metadata is told to, and a STOP is recorded as such.
 */
@Timeout(30)
class VacuumResumeTest {
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("vacuum-test"));

    @TempDir
    Path dir;

    /** Segment 3 has 5 batches of live entries; segment 5 only 1; cursors are batch numbers. */
    private static final class ScriptedTarget implements VacuumTarget {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch blockAtSecondBatch = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        volatile boolean block;
        volatile boolean retired3;
        volatile boolean retired5;

        @Override
        public String name() {
            return "bucket-shard-9";
        }

        @Override
        public List<Candidate> candidates() {
            List<Candidate> result = new CopyOnWriteArrayList<>();
            if (!retired3) {
                result.add(new Candidate(3, 80));
            }
            result.add(new Candidate(4, 10));
            if (!retired5) {
                result.add(new Candidate(5, 55));
            }
            return result;
        }

        @Override
        public long evacuate(long segmentId, long fromOffset, int maxEntries) {
            calls.add(segmentId + "@" + fromOffset);
            if (block && segmentId == 3 && fromOffset == 2) {
                blocked.countDown();
                try {
                    blockAtSecondBatch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long batches = segmentId == 3 ? 5 : 1;
            return fromOffset < batches ? fromOffset + 1 : -1;
        }

        @Override
        public boolean tryRetire(long segmentId) {
            calls.add("retire " + segmentId);
            if (segmentId == 3) {
                retired3 = true;
            } else {
                retired5 = true;
            }
            return true;
        }
    }

    @Test
    void shouldResumeFromThePersistedCursorAfterAnInterruptedRun() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"))) {
            ScriptedTarget target = new ScriptedTarget();
            target.block = true;
            Vacuum first = new Vacuum(target, new VacuumMetadata(db, SUBSPACE), () -> 1000);
            first.start(50);
            assertThat(target.blocked.await(10, TimeUnit.SECONDS)).isTrue();
            Thread closer = Thread.ofPlatform().start(first::close);
            // close() asks the run to stop before it waits for the worker: release the batch only once it waits,
            // or the worker may finish the segment first
            await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.WAITING);
            target.blockAtSecondBatch.countDown();
            closer.join();
            assertThat(target.calls).containsExactly("3@0", "3@1", "3@2");
            assertThat(new VacuumMetadata(db, SUBSPACE).readRun().state()).isEqualTo(VacuumMetadata.RUNNING);

            target.calls.clear();
            target.block = false;
            Vacuum second = new Vacuum(target, new VacuumMetadata(db, SUBSPACE), () -> 2000);
            second.resumeIfInterrupted();
            await().atMost(Duration.ofSeconds(10)).until(() -> !second.active());
            assertThat(target.calls).as("resumes at the cursor persisted after the last finished batch")
                .containsExactly("3@3", "3@4", "3@5", "retire 3", "5@0", "5@1", "retire 5");
            VacuumReport report = second.status();
            assertThat(report.run().result()).isEqualTo("COMPLETED");
            assertThat(report.run().segmentsProcessed()).isEqualTo(2);
            assertThat(report.run().startedAtMs()).isEqualTo(1000);
            assertThat(report.run().completedAtMs()).isEqualTo(2000);
            assertThat(report.segments()).extracting(VacuumReport.SegmentProgress::segmentId,
                VacuumReport.SegmentProgress::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "COMPLETED"), org.assertj.core.groups.Tuple.tuple(5L,
                    "COMPLETED"));
        }
    }

    @Test
    void shouldRecordAStopAndRefuseANewRunUntilDropped() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"))) {
            ScriptedTarget target = new ScriptedTarget();
            target.block = true;
            Vacuum vacuum = new Vacuum(target, new VacuumMetadata(db, SUBSPACE), () -> 1000);
            vacuum.start(50);
            assertThat(target.blocked.await(10, TimeUnit.SECONDS)).isTrue();
            Thread stopper = Thread.ofPlatform().start(() -> {
                try {
                    vacuum.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> stopper.getState() == Thread.State.WAITING
                || stopper.getState() == Thread.State.BLOCKED || !stopper.isAlive());
            target.blockAtSecondBatch.countDown();
            stopper.join();
            VacuumReport report = vacuum.status();
            assertThat(report.active()).isFalse();
            assertThat(report.run().result()).isEqualTo("STOPPED");
            assertThat(report.segments()).singleElement().satisfies(s -> {
                assertThat(s.status()).isEqualTo("STOPPED");
                assertThat(s.cursor()).isEqualTo(3);
            });
            vacuum.resumeIfInterrupted();
            assertThat(vacuum.active()).as("a stopped run is not resumed").isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> vacuum.start(50))
                .hasMessage("Stale vacuum metadata exists on volume bucket-shard-9, run DROP first");
            vacuum.drop();
            assertThat(vacuum.status().run()).isNull();
            assertThat(vacuum.status().segments()).isEmpty();
        }
    }
}
