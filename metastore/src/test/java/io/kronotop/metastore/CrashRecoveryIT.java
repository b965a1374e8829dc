package io.kronotop.metastore;

import com.apple.foundationdb.FDBException;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.Transaction;
import com.apple.foundationdb.tuple.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Kills a child JVM with SIGKILL while it commits from 8 threads, 50 times over the same folder. After each kill:
 * every acknowledged commit is present, no transaction is partly visible, and versions keep increasing.
 */
class CrashRecoveryIT {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int ROUNDS = 50;
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    static byte[] le(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    private Process startChild(int round) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx96m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--sun-misc-unsafe-memory-access=allow",
                "-Dlogback.configurationFile=none", "-cp", cp, CrashChild.class.getName(), dir.toString(),
                Integer.toString(round), Integer.toString(THREADS));
        pb.redirectError(new File(dir.toFile(), "child-" + round + ".err"));
        return pb.start();
    }

    /** SIGKILL through {@code kill -9}, which, unlike {@code destroyForcibly}, leaves our end of the pipe open. */
    private static void kill9(Process child) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAcknowledgedCommitAcrossFiftyKills() throws Exception {
        long seed = Long.getLong("metastore.crash.seed", System.nanoTime());
        LOG.info("crash test seed {}", seed);
        Random rnd = new Random(seed);
        long previousMaxVersion = 0;
        int totalAcked = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = startChild(round);
            Map<String, Long> acked = new HashMap<>();
            long minVersion = Long.MAX_VALUE;
            long maxVersion = 0;
            int killAfter = 1 + rnd.nextInt(120);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                boolean killed = false;
                while ((line = in.readLine()) != null) {
                    if (line.equals("OPEN")) {
                        if (round == 0) {
                            FDBException locked = catchThrowableOfType(FDBException.class,
                                    () -> EmbeddedDatabase.open(dir));
                            assertThat(locked.getCode()).isEqualTo(1510);
                        }
                        continue;
                    }
                    if (!line.startsWith("ACK ")) {
                        continue;
                    }
                    String[] p = line.split(" ");
                    long version = Long.parseLong(p[4]);
                    acked.put(p[2] + "/" + p[3], version);
                    minVersion = Math.min(minVersion, version);
                    maxVersion = Math.max(maxVersion, version);
                    if (!killed && acked.size() >= killAfter) {
                        kill9(child);
                        killed = true;
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acked).as("round %d produced acknowledgements", round).isNotEmpty();
            assertThat(minVersion).as("versions keep increasing across restarts").isGreaterThan(previousMaxVersion);
            totalAcked += acked.size();
            verify(round, acked, maxVersion, rnd.nextBoolean());
            previousMaxVersion = maxVersion;
        }
        LOG.info("crash test: {} rounds, {} acknowledged commits verified", ROUNDS, totalAcked);
    }

    private void verify(int round, Map<String, Long> acked, long maxVersion, boolean cleanClose) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.open(dir);
        try {
            List<KeyValue> rows = db.read(tr -> tr.getRange(Range.startsWith(Tuple.from("crash",
                    Integer.toString(round)).pack())).asList().join());
            Map<String, Set<String>> parts = new HashMap<>();
            for (KeyValue kv : rows) {
                Tuple t = Tuple.fromBytes(kv.getKey());
                String id = t.getLong(2) + "/" + t.getLong(3);
                assertThat(Tuple.fromBytes(kv.getValue()).getLong(0)).isEqualTo(t.getLong(3));
                parts.computeIfAbsent(id, x -> new HashSet<>()).add(t.getString(4));
            }
            for (Map.Entry<String, Set<String>> e : parts.entrySet()) {
                assertThat(e.getValue()).as("transaction %s of round %d is whole", e.getKey(), round)
                        .containsExactlyInAnyOrder("a", "b", "c");
            }
            List<String> missing = new ArrayList<>();
            for (String id : acked.keySet()) {
                if (!parts.containsKey(id)) {
                    missing.add(id);
                }
            }
            assertThat(missing).as("acknowledged commits lost in round %d", round).isEmpty();
            long groups = db.read(tr -> {
                long n = 0;
                for (KeyValue kv : tr.getRange(Range.startsWith(Tuple.from("crash").pack())).asList().join()) {
                    if ("a".equals(Tuple.fromBytes(kv.getKey()).getString(4))) {
                        n++;
                    }
                }
                return n;
            });
            byte[] total = db.read(tr -> tr.get(Tuple.from("crash-total").pack()).join());
            long counted = 0;
            for (int i = total.length - 1; i >= 0; i--) {
                counted = (counted << 8) | (total[i] & 0xFF);
            }
            assertThat(counted).as("the atomic counter matches the whole transactions present").isEqualTo(groups);
            long rv = db.read(tr -> tr.getReadVersion().join());
            assertThat(rv).isGreaterThanOrEqualTo(maxVersion);
            try (Transaction tr = db.createTransaction()) {
                tr.set(Tuple.from("crash-probe").pack(), le(round));
                tr.commit().join();
                assertThat(tr.getCommittedVersion()).isGreaterThan(maxVersion);
            }
        } finally {
            if (cleanClose) {
                db.close();
            } else {
                db.crashForTesting();
            }
        }
    }
}
