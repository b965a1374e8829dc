package io.kronotop.volume.format;

import io.kronotop.volume.test.Payloads;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentScannerTest {
    private static final Logger LOG = LoggerFactory.getLogger("io.kronotop.volume.test.SegmentScannerTest");
    static final int SIZE = 16 * 1024;

    /** A segment image with entries of the given payload sizes and epochs; returns their offsets in {@code out}. */
    static MemorySegment image(int[] sizes, long[] epochs, List<Long> out) {
        MemorySegment file = MemorySegment.ofArray(new byte[SIZE]);
        long offset = SegmentFileDescriptor.HEADER_LENGTH;
        for (int i = 0; i < sizes.length; i++) {
            MemorySegment payload = file.asSlice(offset + EntryDescriptor.HEADER_LENGTH, sizes[i]);
            payload.fill((byte) (i + 1));
            EntryDescriptor.writeHeader(file, offset, sizes[i], i, epochs[i], Crc32c.of(payload));
            out.add(offset);
            offset += EntryDescriptor.recordLength(sizes[i]);
        }
        return file;
    }

    @Test
    void shouldWalkToTheZeroHeaderAfterTheLastEntry() {
        List<Long> offsets = new ArrayList<>();
        MemorySegment file = image(new int[] {3, 0, 100}, new long[] {1, 1, 2}, offsets);
        List<Long> seen = new ArrayList<>();
        SegmentScanner.Result result = SegmentScanner.scan(file, SIZE, 1, 2, true,
            (offset, length, prefix, epoch) -> seen.add(offset));
        assertThat(seen).isEqualTo(offsets);
        assertThat(result.stop()).isEqualTo(SegmentScanner.Stop.CLEAN_END);
        assertThat(result.entries()).isEqualTo(3);
        assertThat(result.endOffset()).isEqualTo(256 + 40 + 32 + 136);
        assertThat(result.lastEpoch()).isEqualTo(2);
    }

    @Test
    void shouldStopAtAnEpochOutOfOrderOrAboveTheRecordedOne() {
        List<Long> offsets = new ArrayList<>();
        MemorySegment file = image(new int[] {8, 8, 8}, new long[] {2, 3, 2}, offsets);
        SegmentScanner.Result result = SegmentScanner.scan(file, SIZE, 1, 3, false, null);
        assertThat(result.stop()).isEqualTo(SegmentScanner.Stop.STALE_EPOCH);
        assertThat(result.endOffset()).isEqualTo(offsets.get(2));
        result = SegmentScanner.scan(file, SIZE, 1, 2, false, null);
        assertThat(result.endOffset()).isEqualTo(offsets.get(1));
    }

    @Test
    void shouldStopAtABadPayloadOnlyWhenCheckingPayloads() {
        List<Long> offsets = new ArrayList<>();
        MemorySegment file = image(new int[] {8, 8}, new long[] {1, 1}, offsets);
        file.set(java.lang.foreign.ValueLayout.JAVA_BYTE, offsets.get(1) + 33, (byte) 77);
        assertThat(SegmentScanner.scan(file, SIZE, 1, 1, false, null).entries()).isEqualTo(2);
        SegmentScanner.Result checked = SegmentScanner.scan(file, SIZE, 1, 1, true, null);
        assertThat(checked.stop()).isEqualTo(SegmentScanner.Stop.BAD_PAYLOAD);
        assertThat(checked.endOffset()).isEqualTo(offsets.get(1));
    }

    /** Seeded fuzz: garbage anywhere never throws, never yields an entry past the limit, never loops. */
    @Test
    void shouldSurviveRandomGarbage() {
        long seed = Payloads.seed();
        LOG.info("SegmentScannerTest.shouldSurviveRandomGarbage seed={} (replay with -Dkronotop.test.seed={})",
            seed, seed);
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            int n = random.nextInt(20);
            int[] sizes = new int[n];
            long[] epochs = new long[n];
            for (int i = 0; i < n; i++) {
                sizes[i] = random.nextInt(300);
                epochs[i] = 1 + i / 5;
            }
            List<Long> offsets = new ArrayList<>();
            MemorySegment file = image(sizes, epochs, offsets);
            int damage = random.nextInt(4);
            for (int d = 0; d < damage; d++) {
                long at = SegmentFileDescriptor.HEADER_LENGTH + random.nextInt(SIZE - SegmentFileDescriptor.HEADER_LENGTH);
                file.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at, (byte) random.nextInt(256));
            }
            long limit = SegmentFileDescriptor.HEADER_LENGTH + random.nextInt(SIZE - SegmentFileDescriptor.HEADER_LENGTH);
            List<Long> seen = new ArrayList<>();
            SegmentScanner.Result result = SegmentScanner.scan(file, limit, 1, 10, true, (offset, length, p, e) -> {
                assertThat(offset + EntryDescriptor.recordLength(length)).as("seed=%d", seed).isLessThanOrEqualTo(limit);
                seen.add(offset);
            });
            assertThat(result.endOffset()).as("seed=%d", seed).isLessThanOrEqualTo(limit);
            assertThat(seen).as("seed=%d round=%d", seed, round).isEqualTo(offsets.subList(0, seen.size()));
            if (damage == 0) {
                int fitting = 0;
                while (fitting < n && offsets.get(fitting) + EntryDescriptor.recordLength(sizes[fitting]) <= limit) {
                    fitting++;
                }
                assertThat(seen).as("seed=%d round=%d", seed, round).hasSize(fitting);
            }
        }
    }
}
