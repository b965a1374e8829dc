package io.kronotop.volume;

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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * How to make appended bytes durable: a positional {@code FileChannel.write} then {@code force(false)}, against a
 * copy into a read-write mapping then {@code MemorySegment.force()} (msync). Same bytes, same pre-allocated file,
 * offsets advancing and wrapping around. Scores are syncs per second. The store uses the faster one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SegmentWriteModeBenchmark {
    private static final long FILE_BYTES = 256L << 20;

    @Param({"4096", "262144"})
    int bytesPerSync;

    private Path file;
    private FileChannel channel;
    private Arena arena;
    private MemorySegment mapping;
    private ByteBuffer source;
    private MemorySegment sourceSegment;
    private long position;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("write-mode-bench", ".seg");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(1), FILE_BYTES - 1);
        channel.force(true);
        arena = Arena.ofShared();
        mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES, arena);
        source = ByteBuffer.allocateDirect(bytesPerSync);
        for (int i = 0; i < bytesPerSync; i++) {
            source.put(i, (byte) i);
        }
        sourceSegment = MemorySegment.ofBuffer(source);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        arena.close();
        channel.close();
        Files.deleteIfExists(file);
    }

    private long next() {
        if (position + bytesPerSync > FILE_BYTES) {
            position = 0;
        }
        long at = position;
        position += bytesPerSync;
        return at;
    }

    @Benchmark
    public long positionalWriteThenForce() throws IOException {
        long at = next();
        ByteBuffer buffer = source.clear();
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        channel.force(false);
        return at;
    }

    @Benchmark
    public long mappedWriteThenForce() {
        long at = next();
        MemorySegment.copy(sourceSegment, 0, mapping, at, bytesPerSync);
        mapping.asSlice(at, bytesPerSync).force();
        return at;
    }
}
