package io.kronotop.volume;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Vacuum under load: an appender, two updaters (which also delete) and two readers run for 30 s
 * ({@code -Dkronotop.vacuum.load.seconds=N}) while vacuum runs back to back at a 25% threshold. Each key has one
 * writer, so its acknowledged version only grows: every read must return that version or a newer one, intact, and a
 * key whose delete was acknowledged must read as absent. At the end no entry is lost or duplicated (exactly one key
 * per live entry, one reverse key each), the counters equal a scan, and after a last vacuum the segment files take
 * less space than at their peak.
 */
@Timeout(180)
class VacuumLoadIT {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.VacuumLoadIT");
    private static final String NAME = "bucket-shard-2";
    private static final Subspace SUBSPACE = new Subspace(Tuple.from("volumes", NAME));
    private static final VolumeConfig CONFIG = VolumeConfig.defaults().withSegmentSizeBytes(128 * 1024);
    private static final long PREFIX = 77;

    @TempDir
    Path dir;

    /** One key: its id and the last acknowledged version (-1 once its delete was acknowledged). */
    private static final class Key {
        final long key;
        final Versionstamp id;
        volatile long version;
        volatile boolean deleting;

        Key(long key, Versionstamp id) {
            this.key = key;
            this.id = id;
        }
    }

    /** key (8) | version (8) | bytes derived from both; length 16 .. 4016. */
    private static byte[] payload(long key, long version) {
        SplittableRandom random = new SplittableRandom(key * 31 + version);
        byte[] bytes = new byte[16 + random.nextInt(4001)];
        ByteBuffer.wrap(bytes).putLong(key).putLong(version);
        for (int i = 16; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Test
    void shouldLoseAndDuplicateNothingWhileVacuumRunsUnderLoad() throws Exception {
        long seconds = Long.getLong("kronotop.vacuum.load.seconds", 30);
        long seed = Payloads.seed();
        LOG.info("VacuumLoadIT seed={} seconds={}", seed, seconds);
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
             Volume volume = Volume.open(dir.resolve(NAME), NAME, CONFIG, db, SUBSPACE)) {
            Map<Long, Key> keys = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong nextKey = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicInteger runs = new AtomicInteger();
            AtomicLong peakBytes = new AtomicLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<Thread> threads = new ArrayList<>();
            threads.add(worker("appender", errors, deadline, () -> {
                long key = nextKey.getAndIncrement();
                Versionstamp id = volume.append(PREFIX, Payloads.segment(payload(key, 0))).join();
                keys.put(key, new Key(key, id));
            }));
            for (int w = 0; w < 2; w++) {
                int owner = w;
                SplittableRandom random = new SplittableRandom(seed + w);
                threads.add(worker("updater-" + w, errors, deadline, () -> {
                    long bound = nextKey.get();
                    Key k = bound == 0 ? null : keys.get(random.nextLong(bound));
                    if (k == null || k.key % 2 != owner || k.version < 0) {
                        return;
                    }
                    if (random.nextInt(20) == 0) {
                        k.deleting = true;
                        assertThat(volume.delete(PREFIX, k.id).join()).isTrue();
                        k.version = -1;
                    } else {
                        long next = k.version + 1;
                        assertThat(volume.update(PREFIX, k.id, Payloads.segment(payload(k.key, next))).join())
                            .isTrue();
                        k.version = next;
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                SplittableRandom random = new SplittableRandom(seed + 10 + r);
                threads.add(worker("reader-" + r, errors, deadline, () -> {
                    long bound = nextKey.get();
                    Key k = bound == 0 ? null : keys.get(random.nextLong(bound));
                    if (k == null) {
                        return;
                    }
                    long before = k.version;
                    MemorySegment read = volume.get(PREFIX, k.id).join();
                    reads.incrementAndGet();
                    if (before < 0) {
                        assertThat(read).as("key %d was deleted", k.key).isNull();
                        return;
                    }
                    if (read == null) {
                        assertThat(k.deleting).as("key %d absent, so it is being deleted", k.key).isTrue();
                        return;
                    }
                    byte[] bytes = Payloads.bytes(read);
                    ByteBuffer header = ByteBuffer.wrap(bytes);
                    assertThat(header.getLong()).isEqualTo(k.key);
                    long version = header.getLong();
                    assertThat(version).as("key %d: latest acknowledged version or newer", k.key)
                        .isGreaterThanOrEqualTo(before);
                    assertThat(bytes).isEqualTo(payload(k.key, version));
                }));
            }
            threads.add(worker("vacuum-driver", errors, deadline, () -> {
                peakBytes.accumulateAndGet(segmentBytes(), Math::max);
                volume.vacuum().start(25);
                await().atMost(Duration.ofSeconds(60)).until(() -> !volume.vacuum().active());
                assertThat(volume.vacuum().status().run().result()).isIn("COMPLETED", "NO_WORK");
                volume.vacuum().drop();
                runs.incrementAndGet();
            }));
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(errors).as("seed=%d", seed).isEmpty();
            peakBytes.accumulateAndGet(segmentBytes(), Math::max);

            volume.vacuum().start(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> !volume.vacuum().active());
            long finalBytes = segmentBytes();
            long live = 0;
            int liveKeys = 0;
            for (Key k : keys.values()) {
                MemorySegment read = volume.get(PREFIX, k.id).join();
                if (k.version < 0) {
                    assertThat(read).as("deleted key %d", k.key).isNull();
                } else {
                    assertThat(Payloads.bytes(read)).as("key %d", k.key).isEqualTo(payload(k.key, k.version));
                    live += EntryDescriptor.recordLength(payload(k.key, k.version).length);
                    liveKeys++;
                }
            }
            List<KeyValue> entries = db.read(tr -> tr.getRange(SUBSPACE.get(VolumeSubspace.ENTRY).range()).asList()
                .join());
            assertThat(entries).as("exactly one key per live entry").hasSize(liveKeys);
            List<KeyValue> reverse = db.read(tr -> tr.getRange(SUBSPACE.get(VolumeSubspace.REVERSE).range())
                .asList().join());
            assertThat(reverse).as("one reverse key per live entry").hasSize(liveKeys);
            Map<Long, long[]> scanned = new HashMap<>();
            for (KeyValue kv : entries) {
                EntryLocation location = VolumeSubspace.decodeLocation(kv.getValue());
                long[] sums = scanned.computeIfAbsent(location.segmentId(), x -> new long[2]);
                sums[0]++;
                sums[1] += EntryDescriptor.recordLength(location.length());
            }
            for (VolumeSegmentStats stats : volume.segmentStats().join()) {
                assertThat(new long[] {stats.cardinality(), stats.usedBytes()}).as("segment %d", stats.segmentId())
                    .containsExactly(scanned.getOrDefault(stats.segmentId(), new long[2]));
            }
            LOG.info("VacuumLoadIT: {} keys ({} live, {} bytes), {} reads, {} vacuum runs, segment files peak {} "
                + "bytes, final {} bytes", keys.size(), liveKeys, live, reads.get(), runs.get(), peakBytes.get(),
                finalBytes);
            assertThat(runs.get()).isPositive();
            assertThat(finalBytes).as("disk space dropped").isLessThan(peakBytes.get());
            long usable = CONFIG.segmentSizeBytes() - 256 - 4096;
            assertThat(finalBytes / CONFIG.segmentSizeBytes()).as("segments left for %d live bytes", live)
                .isLessThanOrEqualTo(live / usable + 2);
        }
    }

    private long segmentBytes() {
        Path segments = dir.resolve(NAME).resolve(SegmentFiles.SEGMENTS_DIR);
        try {
            long total = 0;
            for (long id : SegmentFiles.listIds(segments)) {
                total += Files.size(segments.resolve(SegmentFiles.fileName(id)));
            }
            return total;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread worker(String name, ConcurrentLinkedQueue<Throwable> errors, long deadline, Runnable step) {
        return Thread.ofPlatform().name(name).start(() -> {
            while (System.nanoTime() < deadline && errors.isEmpty()) {
                try {
                    step.run();
                } catch (Throwable e) {
                    errors.add(e);
                    LOG.error("{} failed", name, e);
                }
            }
        });
    }
}
