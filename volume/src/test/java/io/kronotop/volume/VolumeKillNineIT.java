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
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a child JVM running a {@link Volume} over the embedded metastore while three threads append and two
 * update and delete, 50 times ({@code -Dkronotop.killnine.rounds=N}). After each kill: every acknowledged append,
 * update and delete is visible; an operation in flight at the kill is either wholly visible or not at all (an
 * unacknowledged update shows the old or the new bytes, an unacknowledged append either has no key or a key to its
 * exact bytes); every committed entry key points at bytes that pass their checksum; and the persisted per-segment
 * counters equal a full scan of the entry keys. What the check saw of in-flight operations becomes the expected
 * state for the next rounds.
 */
@Timeout(900)
class VolumeKillNineIT {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.VolumeKillNineIT");
    private static final int MAX_LENGTH = 6000;
    private static final Pattern RECORD = Pattern.compile("(APS|ACK|UPS|UPD|DLS|DEL)( [0-9a-f]+)+ \\.");

    @TempDir
    Path dir;

    /** What the parent knows of one entry; written by the stdout reader, read after the child is dead. */
    private static final class Model {
        final Versionstamp vs;
        volatile long acked;
        volatile long pending = -1;
        volatile boolean deleting;
        volatile boolean deleted;

        Model(Versionstamp vs) {
            this.vs = vs;
        }
    }

    private final Map<Long, Model> models = new ConcurrentHashMap<>();
    private final Set<Long> pendingAppends = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mutationsAcked = new AtomicInteger();

    @Test
    void shouldKeepEveryAcknowledgedOperationAndExactCountersAcrossKills() throws Exception {
        long seed = Payloads.seed();
        int rounds = Integer.getInteger("kronotop.killnine.rounds", 50);
        LOG.info("VolumeKillNineIT seed={} rounds={} (replay with -Dkronotop.test.seed={})", seed, rounds, seed);
        Random random = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            int appends = models.size() + 10 + random.nextInt(60);
            int mutations = mutationsAcked.get() + 5 + random.nextInt(30);
            Process child = start(seed, round * 10_000_000L);
            Thread reader = Thread.ofPlatform().name("child-stdout").start(() -> readLines(child));
            await().atMost(Duration.ofSeconds(60)).until(() -> (models.size() >= appends
                && mutationsAcked.get() >= mutations) || !child.isAlive());
            assertThat(child.isAlive()).as("child died on its own, seed=%d", seed).isTrue();
            // SIGKILL through the handle: Process.destroyForcibly() also closes our end of the child's stdout,
            // which would drop the lines still in the pipe (operations started or acknowledged just before the kill)
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join();
            check(seed, round);
        }
    }

    private void check(long seed, int round) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("metastore"));
             Volume volume = Volume.open(dir.resolve(VolumeKillNineChild.NAME), VolumeKillNineChild.NAME,
                 VolumeKillNineChild.CONFIG, db, VolumeKillNineChild.SUBSPACE)) {
            Set<Versionstamp> known = new HashSet<>();
            int live = 0;
            for (Map.Entry<Long, Model> e : models.entrySet()) {
                long id = e.getKey();
                Model m = e.getValue();
                known.add(m.vs);
                MemorySegment got = volume.get(VolumeKillNineChild.prefix(id), m.vs).get();
                String where = "seed=" + seed + " round=" + round + " id=" + id;
                if (m.deleted) {
                    assertThat(got).as("%s: deleted", where).isNull();
                } else if (got == null) {
                    assertThat(m.deleting).as("%s: absent without a delete", where).isTrue();
                    m.deleted = true;
                } else {
                    byte[] bytes = Payloads.bytes(got);
                    if (m.pending >= 0 && Arrays.equals(bytes, payload(seed, id, m.pending))) {
                        m.acked = m.pending;
                    }
                    if (!Arrays.equals(bytes, payload(seed, id, m.acked))) {
                        LOG.error("child stderr:\n{}", Files.readString(dir.resolve("child.err")));
                        LOG.error("{}: expected version {} (in flight {}), found {}", where, m.acked, m.pending,
                            diagnose(seed, round, bytes));
                    }
                    assertThat(bytes).as("%s: version %d (in flight: %d)", where, m.acked, m.pending)
                        .isEqualTo(payload(seed, id, m.acked));
                    live++;
                }
                m.pending = -1;
                m.deleting = false;
            }
            List<KeyValue> entries = db.readAsync(tr -> tr.getRange(
                VolumeKillNineChild.SUBSPACE.get(VolumeSubspace.ENTRY).range()).asList()).get();
            Map<Long, long[]> scanned = new HashMap<>();
            int adopted = 0;
            for (KeyValue kv : entries) {
                Tuple key = VolumeKillNineChild.SUBSPACE.get(VolumeSubspace.ENTRY).unpack(kv.getKey());
                MemorySegment got = volume.get(key.getLong(0), key.getVersionstamp(1)).get();
                assertThat(got).as("seed=%d round=%d: committed key %s points at intact bytes", seed, round, key)
                    .isNotNull();
                if (!known.contains(key.getVersionstamp(1))) {
                    long id = unacknowledgedAppend(seed, key.getLong(0), Payloads.bytes(got));
                    if (id < 0) {
                        LOG.error("unknown key {} ({} bytes, location {}), pending appends {}, diagnosis: {}", key,
                            got.byteSize(), VolumeSubspace.decodeLocation(kv.getValue()), pendingAppends,
                            diagnose(seed, round, Payloads.bytes(got)));
                    }
                    assertThat(id).as("seed=%d round=%d: key %s is an unacknowledged append, whole", seed, round, key)
                        .isNotNegative();
                    models.put(id, new Model(key.getVersionstamp(1)));
                    adopted++;
                }
                EntryLocation location = VolumeSubspace.decodeLocation(kv.getValue());
                long[] sums = scanned.computeIfAbsent(location.segmentId(), k -> new long[2]);
                sums[0]++;
                sums[1] += EntryDescriptor.recordLength(location.length());
            }
            assertThat(entries).as("seed=%d round=%d", seed, round).hasSize(live + adopted);
            pendingAppends.clear();
            for (VolumeSegmentStats stats : volume.segmentStats().get()) {
                long[] sums = scanned.getOrDefault(stats.segmentId(), new long[2]);
                assertThat(new long[] {stats.cardinality(), stats.usedBytes()})
                    .as("seed=%d round=%d segment %d", seed, round, stats.segmentId()).containsExactly(sums);
                assertThat(stats.garbageBytes()).isNotNegative();
            }
            LOG.info("seed={} round={}: {} entries known, {} live keys ({} unacknowledged appends committed), "
                + "{} mutations acknowledged", seed, round, models.size(), entries.size(), adopted,
                mutationsAcked.get());
        }
    }

    private String diagnose(long seed, int round, byte[] bytes) {
        for (long id = round * 10_000_000L; id < round * 10_000_000L + 5000; id++) {
            for (long v = 0; v < 50; v++) {
                if (Arrays.equals(bytes, payload(seed, id, v))) {
                    Model m = models.get(id);
                    return "id " + id + " version " + v + (m == null ? " unknown" : " model vs " + m.vs + " acked "
                        + m.acked + " deleted " + m.deleted);
                }
            }
        }
        return "no match";
    }

    /** The id of the in-flight append whose first version is {@code bytes} under {@code prefix}, or -1. */
    private long unacknowledgedAppend(long seed, long prefix, byte[] bytes) {
        for (long id : pendingAppends) {
            if (VolumeKillNineChild.prefix(id) == prefix && Arrays.equals(bytes, payload(seed, id, 0))) {
                pendingAppends.remove(id);
                return id;
            }
        }
        return -1;
    }

    private static byte[] payload(long seed, long id, long version) {
        return VolumeKillNineChild.payload(seed, id, version, MAX_LENGTH);
    }

    private Process start(long seed, long firstId) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
            VolumeKillNineChild.class.getName(), dir.toString(), Long.toString(seed), Long.toString(firstId),
            Integer.toString(MAX_LENGTH)))
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile()))
            .start();
    }

    private void readLines(Process child) {
        HexFormat hex = HexFormat.of();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher record = RECORD.matcher(line);
                if (!record.find()) {
                    continue; // the child was killed mid-line, or another line
                }
                String[] p = record.group().split(" ");
                switch (p[0]) {
                    case "APS" -> pendingAppends.add(Long.parseLong(p[1]));
                    case "ACK" -> {
                        long id = Long.parseLong(p[1]);
                        models.put(id, new Model(Versionstamp.fromBytes(hex.parseHex(p[3]))));
                        pendingAppends.remove(id);
                    }
                    case "UPS" -> models.get(Long.parseLong(p[1])).pending = Long.parseLong(p[2]);
                    case "UPD" -> {
                        Model m = models.get(Long.parseLong(p[1]));
                        m.acked = Long.parseLong(p[2]);
                        m.pending = -1;
                        mutationsAcked.incrementAndGet();
                    }
                    case "DLS" -> models.get(Long.parseLong(p[1])).deleting = true;
                    case "DEL" -> {
                        Model m = models.get(Long.parseLong(p[1]));
                        m.deleted = true;
                        m.deleting = false;
                        mutationsAcked.incrementAndGet();
                    }
                    default -> {
                        // READY and anything else
                    }
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line; complete lines were taken
        }
    }
}
