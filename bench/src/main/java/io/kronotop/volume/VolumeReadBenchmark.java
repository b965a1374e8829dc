package io.kronotop.volume;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.kronotop.metastore.EmbeddedDatabase;
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

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads from mapped segments beside a plain memory copy of the same bytes. 256 entries of the payload size are
 * appended once per trial (all in the page cache); each invocation reads the next one:
 * <ul>
 *   <li>{@code volumeGetCopy}: {@link Volume#get} through the metadata cache (the location is cached after the
 *       append), header and payload CRC32C checked, the zero-copy slice copied into a heap array;</li>
 *   <li>{@code segmentSlice}: {@link FileSegmentStore#read} of a location held by the benchmark (header and
 *       CRC32C checks, slice, no copy, no metadata lookup), one byte touched;</li>
 *   <li>{@code memoryCopy}: the same number of bytes copied from an off-heap buffer into a heap array, the floor
 *       any read that hands out a copy pays.</li>
 * </ul>
 * Scores are reads per second; multiply by the payload size for bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class VolumeReadBenchmark {
    private static final int ENTRIES = 256;

    @Param({"100", "4096", "65536"})
    int payloadBytes;

    private Path dir;
    private EmbeddedDatabase db;
    private Volume volume;
    private final Versionstamp[] ids = new Versionstamp[ENTRIES];
    private final EntryLocation[] locations = new EntryLocation[ENTRIES];
    private Arena arena;
    private MemorySegment source;
    private byte[] target;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("volume-read-bench");
        db = EmbeddedDatabase.open(dir.resolve("metastore"));
        volume = Volume.open(dir.resolve("bench-shard-0"), "bench-shard-0",
            VolumeConfig.defaults().withSegmentSizeBytes(256L << 20), db,
            new Subspace(Tuple.from("volumes", "bench-shard-0")));
        byte[] bytes = new byte[payloadBytes];
        new SplittableRandom(11).nextBytes(bytes);
        for (int i = 0; i < ENTRIES; i++) {
            ids[i] = volume.append(1, MemorySegment.ofArray(bytes)).join();
        }
        for (int i = 0; i < ENTRIES; i++) {
            locations[i] = volume.store().append(2, MemorySegment.ofArray(bytes)).join();
        }
        arena = Arena.ofShared();
        source = arena.allocate(payloadBytes);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, source, 0, payloadBytes);
        target = new byte[payloadBytes];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        volume.close();
        db.close();
        arena.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public byte[] volumeGetCopy() {
        MemorySegment slice = volume.get(1, ids[next++ & (ENTRIES - 1)]).join();
        MemorySegment.copy(slice, ValueLayout.JAVA_BYTE, 0, target, 0, payloadBytes);
        return target;
    }

    @Benchmark
    public byte segmentSlice() throws Exception {
        MemorySegment slice = volume.store().read(locations[next++ & (ENTRIES - 1)]);
        return slice.get(ValueLayout.JAVA_BYTE, payloadBytes - 1);
    }

    @Benchmark
    public byte[] memoryCopy() {
        MemorySegment.copy(source, ValueLayout.JAVA_BYTE, 0, target, 0, payloadBytes);
        return target;
    }
}
