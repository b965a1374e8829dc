package io.kronotop.metastore;

import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.Transaction;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads on the embedded metastore beside their physical limit, a bare {@link ConcurrentSkipListMap} holding the
 * same keys: a point get, and a range scan of 100 keys (report keys/s = ops/s x 100).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class EmbeddedDatabaseReadBenchmark {
    private static final int VALUE_BYTES = 100;
    private static final int TRANSACTION_OPS = 1 << 16;

    @Param("100000")
    int keys;

    private Path dir;
    private EmbeddedDatabase db;
    private ConcurrentSkipListMap<byte[], byte[]> map;
    private byte[][] keyBytes;

    static byte[] key(int i) {
        return String.format("bench/%010d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("metastore-read-bench");
        db = EmbeddedDatabase.open(dir);
        map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
        keyBytes = new byte[keys][];
        byte[] value = new byte[VALUE_BYTES];
        for (int start = 0; start < keys; start += 1000) {
            int from = start;
            db.run(tr -> {
                for (int i = from; i < Math.min(keys, from + 1000); i++) {
                    keyBytes[i] = key(i);
                    tr.set(keyBytes[i], value);
                    map.put(keyBytes[i], value);
                }
                return null;
            });
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One reader's transaction, renewed every 65,536 operations to stay inside the 5-second window. */
    @State(Scope.Thread)
    public static class Reader {
        Transaction tr;
        int ops;

        Transaction tr(EmbeddedDatabase db) {
            if (tr == null || ++ops == TRANSACTION_OPS) {
                if (tr != null) {
                    tr.close();
                }
                tr = db.createTransaction();
                ops = 0;
            }
            return tr;
        }

        @TearDown(Level.Iteration)
        public void close() {
            if (tr != null) {
                tr.close();
                tr = null;
            }
        }
    }

    /**
     * CPU time of the benchmark thread and operations per iteration, printed as {@code :cpuNs} and
     * {@code :ops}: their ratio is the CPU cost per operation, which a shared, loaded machine distorts far less than
     * throughput.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        private long threadId;
        private long startNs;
        public long ops;

        @Setup(Level.Iteration)
        public void start() {
            threadId = Thread.currentThread().threadId();
            startNs = MX.getThreadCpuTime(threadId);
            ops = 0;
        }

        public long cpuNs() {
            return MX.getThreadCpuTime(threadId) - startNs;
        }
    }

    private byte[] randomKey() {
        return keyBytes[ThreadLocalRandom.current().nextInt(keys)];
    }

    @Benchmark
    public byte[] pointGetSnapshot(Reader r, Cpu cpu) {
        cpu.ops++;
        return r.tr(db).snapshot().get(randomKey()).join();
    }

    @Benchmark
    public byte[] pointGetSerializable(Reader r, Cpu cpu) {
        cpu.ops++;
        return r.tr(db).get(randomKey()).join();
    }

    @Benchmark
    public byte[] pointGetBareMap(Cpu cpu) {
        cpu.ops++;
        return map.get(randomKey());
    }

    @Benchmark
    public List<KeyValue> rangeScan100(Reader r, Cpu cpu) {
        cpu.ops++;
        int i = ThreadLocalRandom.current().nextInt(keys - 100);
        return r.tr(db).snapshot().getRange(keyBytes[i], keyBytes[i + 100], 100).asList().join();
    }

    @Benchmark
    public void rangeScan100BareMap(Blackhole bh, Cpu cpu) {
        cpu.ops++;
        int i = ThreadLocalRandom.current().nextInt(keys - 100);
        for (Map.Entry<byte[], byte[]> e : map.subMap(keyBytes[i], true, keyBytes[i + 100], false).entrySet()) {
            bh.consume(new KeyValue(e.getKey(), e.getValue()));
        }
    }
}
