package io.kronotop.volume.flush;

import io.kronotop.volume.EntryLocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The cost the flusher adds around a sync: one append handed to the {@code volume-flush} thread, "written" and
 * "synced" by a sink that does nothing, completed, and the waiting caller woken. Average time per round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GroupCommitFlusherBenchmark {
    private GroupCommitFlusher flusher;
    private final MemorySegment payload = MemorySegment.ofArray(new byte[64]);

    @Setup(Level.Trial)
    public void setUp() {
        BatchSink nothing = new BatchSink() {
            private long offset = 256;

            @Override
            public EntryLocation write(long prefix, MemorySegment bytes) {
                EntryLocation location = new EntryLocation(0, offset, (int) bytes.byteSize());
                offset += 96;
                return location;
            }

            @Override
            public Object flush() {
                return offset;
            }

            @Override
            public void sync(Object syncPoint) {
            }
        };
        flusher = new GroupCommitFlusher(nothing, new FlushLimits(1024, 1 << 20, 0), System::nanoTime,
            DurabilityListener.NONE);
        flusher.start(runnable -> new Thread(runnable, "volume-flush-bench"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        flusher.close();
    }

    @Benchmark
    public EntryLocation handOffRoundTrip() {
        return flusher.submit(1, payload, 96).join();
    }
}
