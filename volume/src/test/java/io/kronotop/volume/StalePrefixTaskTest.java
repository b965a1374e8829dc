package io.kronotop.volume;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.test.Payloads;
import io.kronotop.volume.vacuum.StalePrefixTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** MARK-STALE-PREFIXES over a real volume: only registered prefixes whose binding is gone or changed are removed. */
@Timeout(30)
class StalePrefixTaskTest {
    private static final Subspace REGISTRY = new Subspace(Tuple.from("prefixes"));
    private static final Subspace TASKS = new Subspace(Tuple.from("tasks"));
    private static final Subspace BINDINGS = new Subspace(Tuple.from("buckets"));

    @TempDir
    Path dir;

    @Test
    void shouldRemoveTheEntriesOfStalePrefixesOnly() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
             Volume volume = Volume.open(dir.resolve("v"), "bucket-shard-0", VolumeConfig.defaults()
                 .withSegmentSizeBytes(64 * 1024), db, new Subspace(Tuple.from("volumes", "v")))) {
            PrefixRegistry registry = new PrefixRegistry(REGISTRY);
            db.run(tr -> {
                for (long prefix = 1; prefix <= 3; prefix++) {
                    registry.register(tr, prefix, BINDINGS.pack(Tuple.from(prefix)));
                }
                return null;
            });
            Versionstamp[] ids = new Versionstamp[5];
            for (int prefix = 1; prefix <= 4; prefix++) {
                ids[prefix] = volume.append(prefix, Payloads.segment(new byte[] {(byte) prefix})).join();
            }
            db.run(tr -> {
                tr.clear(BINDINGS.pack(Tuple.from(2L)));
                tr.set(BINDINGS.pack(Tuple.from(3L)), VolumeSubspace.le(99));
                return null;
            });
            StalePrefixTask task = new StalePrefixTask(db, registry, TASKS, prefix ->
                volume.maintenance().removePrefix(prefix));
            assertThatThrownBy(task::stop).hasMessage("Task with name " + StalePrefixTask.NAME + " does not exist");
            assertThatThrownBy(task::remove).hasMessage("Task with name " + StalePrefixTask.NAME
                + " does not exist");

            task.start(1000);
            await().atMost(Duration.ofSeconds(10)).until(() -> task.state() == null && !task.running());

            assertThat(volume.get(1, ids[1]).join()).as("bound prefix kept").isNotNull();
            assertThat(volume.get(2, ids[2]).join()).as("binding gone").isNull();
            assertThat(volume.get(3, ids[3]).join()).as("binding points at another prefix").isNull();
            assertThat(volume.get(4, ids[4]).join()).as("never registered: never stale").isNotNull();
            int registered = db.read(tr -> tr.getRange(REGISTRY.range()).asList().join()).size();
            assertThat(registered).isEqualTo(1);
            assertThat(volume.segmentStats().join().getFirst().cardinality()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepAStoppedTaskUntilRemoved() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"))) {
            PrefixRegistry registry = new PrefixRegistry(REGISTRY);
            db.run(tr -> {
                for (long prefix = 1; prefix <= 25_000; prefix++) {
                    tr.set(REGISTRY.pack(Tuple.from(prefix)), BINDINGS.pack(Tuple.from(prefix)));
                }
                return null;
            });
            java.util.concurrent.CountDownLatch removing = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            StalePrefixTask task = new StalePrefixTask(db, registry, TASKS, prefix -> {
                removing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            task.start(1000);
            removing.await();
            assertThatThrownBy(() -> task.start(2000)).hasMessage("Task " + StalePrefixTask.NAME + " already exists");
            Thread stopper = Thread.ofPlatform().start(() -> {
                try {
                    task.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            release.countDown();
            stopper.join();
            assertThat(task.running()).isFalse();
            assertThat(task.state()).isEqualTo("STOPPED");
            task.resumeIfInterrupted();
            assertThat(task.running()).as("a stopped task is not resumed").isFalse();
            assertThatThrownBy(() -> task.start(3000)).hasMessage("Task " + StalePrefixTask.NAME + " already exists");
            task.remove();
            assertThat(task.state()).isNull();
        }
    }
}
