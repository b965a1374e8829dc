package io.kronotop.volume;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.test.Payloads;
import io.kronotop.volume.test.VolumeKillNineChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a child JVM running a {@link Volume} over the embedded metastore: after each kill, every acknowledged
 * entry reads back by its versionstamp, every committed entry key points at intact bytes (data is durable before
 * its metadata), and the persisted per-segment counters equal a full scan of the entry keys.
 */
@Timeout(90)
class VolumeKillNineIT {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.VolumeKillNineIT");
    private static final int MAX_LENGTH = 6000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedEntryAndExactCountersAcrossKills() throws Exception {
        long seed = Payloads.seed();
        LOG.info("VolumeKillNineIT seed={} (replay with -Dkronotop.test.seed={})", seed, seed);
        Random random = new Random(seed);
        Map<Long, Versionstamp> acked = new ConcurrentHashMap<>();
        for (int round = 0; round < 3; round++) {
            int target = acked.size() + 20 + random.nextInt(150);
            Process child = start(seed, round * 10_000_000L);
            Thread reader = Thread.ofPlatform().name("child-stdout").start(() -> readAcks(child, acked));
            await().atMost(Duration.ofSeconds(40)).until(() -> acked.size() >= target || !child.isAlive());
            assertThat(child.isAlive()).as("child died on its own, seed=%d", seed).isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join();
            check(seed, round, acked);
        }
    }

    private void check(long seed, int round, Map<Long, Versionstamp> acked) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
             Volume volume = Volume.open(dir.resolve(VolumeKillNineChild.NAME), VolumeKillNineChild.NAME,
                 VolumeKillNineChild.CONFIG, db, VolumeKillNineChild.SUBSPACE)) {
            for (Map.Entry<Long, Versionstamp> e : acked.entrySet()) {
                long id = e.getKey();
                assertThat(Payloads.bytes(volume.get(VolumeKillNineChild.prefix(id), e.getValue()).get()))
                    .as("seed=%d round=%d id=%d", seed, round, id)
                    .isEqualTo(Payloads.payload(seed, id, MAX_LENGTH));
            }
            List<KeyValue> entries = db.readAsync(tr -> tr.getRange(
                VolumeKillNineChild.SUBSPACE.get(VolumeSubspace.ENTRY).range()).asList()).get();
            assertThat(entries.size()).as("seed=%d round=%d", seed, round).isGreaterThanOrEqualTo(acked.size());
            Map<Long, long[]> scanned = new HashMap<>();
            for (KeyValue kv : entries) {
                Tuple key = VolumeKillNineChild.SUBSPACE.get(VolumeSubspace.ENTRY).unpack(kv.getKey());
                assertThat(volume.get(key.getLong(0), key.getVersionstamp(1)).get())
                    .as("seed=%d round=%d: committed key %s points at intact bytes", seed, round, key).isNotNull();
                EntryLocation location = VolumeSubspace.decodeLocation(kv.getValue());
                long[] sums = scanned.computeIfAbsent(location.segmentId(), k -> new long[2]);
                sums[0]++;
                sums[1] += EntryDescriptor.recordLength(location.length());
            }
            for (VolumeSegmentStats stats : volume.segmentStats().get()) {
                long[] sums = scanned.getOrDefault(stats.segmentId(), new long[2]);
                assertThat(new long[] {stats.cardinality(), stats.usedBytes()})
                    .as("seed=%d round=%d segment %d", seed, round, stats.segmentId()).containsExactly(sums);
                assertThat(stats.garbageBytes()).isNotNegative();
            }
            LOG.info("seed={} round={}: {} acknowledged, {} committed entries checked", seed, round, acked.size(),
                entries.size());
        }
    }

    private Process start(long seed, long firstId) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
            VolumeKillNineChild.class.getName(), dir.toString(), Long.toString(seed), Long.toString(firstId),
            Integer.toString(MAX_LENGTH)))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private static void readAcks(Process child, Map<Long, Versionstamp> acked) {
        HexFormat hex = HexFormat.of();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 5 && parts[0].equals("ACK") && parts[4].equals(".")) {
                    acked.put(Long.parseLong(parts[1]), Versionstamp.fromBytes(hex.parseHex(parts[3])));
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line; complete lines were taken
        }
    }
}
