package io.kronotop.perf.volume;

import io.kronotop.volume.VolumeConfig;
import io.kronotop.volume.format.EntryDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendRunTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldAcknowledgeEveryVolumeAppendAndCountEachMeasuredOneOnce(@TempDir Path dir) throws Exception {
        MemorySegment payload = MemorySegment.ofArray(new byte[4096]);
        try (VolumeAppendTarget target = new VolumeAppendTarget(dir,
            VolumeConfig.defaults().withSegmentSizeBytes(64L << 20))) {
            AppendRun.Measured m = AppendRun.run(target, payload, 8, 100 * MS, 300 * MS);

            assertThat(m.ops()).isPositive();
            assertThat(m.latencyNs().getTotalCount()).isEqualTo(m.ops());
            assertThat(m.issued()).isGreaterThanOrEqualTo(m.ops());
            assertThat(target.acknowledged()).isEqualTo(m.issued());
            assertThat(target.syncs()).isPositive().isLessThanOrEqualTo(m.issued());
            long entries = target.volume().forEachEntry(VolumeAppendTarget.PREFIX, 1000, (id, bytes) -> {
            }).join();
            assertThat(entries).isEqualTo(m.issued());
        }
    }

    @Test
    void shouldRecordNothingButTheWarmUpWhenTheWindowIsEmpty(@TempDir Path dir) throws Exception {
        try (RawGroupCommitLog raw = new RawGroupCommitLog(dir.resolve("log"), 1L << 30, 2, 100)) {
            AppendRun.Measured m = AppendRun.run(raw, MemorySegment.ofArray(new byte[100]), 2, 50 * MS, 0);

            assertThat(m.ops()).isZero();
            assertThat(m.latencyNs().getTotalCount()).isZero();
            assertThat(m.issued()).isPositive().isEqualTo(raw.acknowledged());
            assertThat(raw.bytesWritten()).isEqualTo(m.issued() * EntryDescriptor.recordLength(100));
        }
    }

    @Test
    void shouldFailTheRunWhenAnAppendFails() {
        AtomicLong calls = new AtomicLong();
        AppendTarget failing = new AppendTarget() {
            @Override
            public void append(int thread, MemorySegment payload) {
                if (calls.incrementAndGet() == 3) {
                    throw new IllegalStateException("disk full");
                }
            }

            @Override
            public long acknowledged() {
                return 0;
            }

            @Override
            public long syncs() {
                return 0;
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> AppendRun.run(failing, MemorySegment.ofArray(new byte[1]), 2, 0, 10_000 * MS))
            .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("disk full");
    }
}
