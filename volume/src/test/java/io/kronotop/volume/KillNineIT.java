package io.kronotop.volume;

import io.kronotop.volume.segment.SegmentVerifier;
import io.kronotop.volume.test.KillNineChild;
import io.kronotop.volume.test.Payloads;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9: a child JVM appends concurrently and prints what was acknowledged; the parent kills it at a random
 * moment, several times over the same volume, and after each kill reopens the volume and reads back every
 * acknowledged entry. (A killed process loses nothing the kernel already has; power cuts are simulated in
 * {@link CrashRecoveryTest}.)
 */
@Timeout(90)
class KillNineIT {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.KillNineIT");
    private static final int MAX_LENGTH = 6000;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedEntryAcrossKills() throws Exception {
        long seed = Payloads.seed();
        LOG.info("KillNineIT seed={} (replay with -Dkronotop.test.seed={})", seed, seed);
        Random random = new Random(seed);
        Map<Long, EntryLocation> acked = new ConcurrentHashMap<>();
        for (int round = 0; round < 3; round++) {
            int before = acked.size();
            int target = before + 20 + random.nextInt(150);
            Process child = start(seed, round * 10_000_000L);
            AtomicBoolean ready = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().name("child-stdout").start(() -> readAcks(child, ready, acked));
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= target || !child.isAlive());
            assertThat(child.isAlive()).as("child died on its own, seed=%d", seed).isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join();
            LOG.info("seed={} round={}: killed after {} acknowledged appends", seed, round, acked.size() - before);
            try (SegmentStore store = FileSegmentStore.open(dir, KillNineChild.NAME, KillNineChild.VOLUME_ID,
                KillNineChild.CONFIG)) {
                for (Map.Entry<Long, EntryLocation> e : acked.entrySet()) {
                    assertThat(Payloads.bytes(store.read(e.getValue())))
                        .as("seed=%d round=%d id=%d", seed, round, e.getKey())
                        .isEqualTo(Payloads.payload(seed, e.getKey(), MAX_LENGTH));
                }
                assertThat(store.verify().damage()).isEmpty();
            }
        }
        assertThat(SegmentVerifier.verifyOffline(dir).damage()).isEmpty();
    }

    private Process start(long seed, long firstId) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"), KillNineChild.class.getName(), dir.toString(),
            Long.toString(seed), Long.toString(firstId), Integer.toString(MAX_LENGTH)))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private static void readAcks(Process child, AtomicBoolean ready, Map<Long, EntryLocation> acked) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.set(true);
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts.length == 6 && parts[0].equals("ACK") && parts[5].equals(".")) {
                    acked.put(Long.parseLong(parts[1]), new EntryLocation(Long.parseLong(parts[2]),
                        Long.parseLong(parts[3]), Integer.parseInt(parts[4])));
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line; complete lines were taken
        }
    }
}
