package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BufferCopyTest {
    private static final int SIZE = 1024;

    private static byte[] randomBytes() {
        byte[] bytes = new byte[SIZE];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Every length up to past the bulk threshold, at several offsets, out of every kind of buffer. */
    @Test
    void shouldCopyExactlyTheRangeOutOfEveryKindOfBuffer() {
        byte[] source = randomBytes();
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(SIZE).writeBytes(source);
        ByteBuf heap = Unpooled.wrappedBuffer(source.clone());
        CompositeByteBuf composite = Unpooled.compositeBuffer()
            .addComponent(true, Unpooled.directBuffer(300).writeBytes(source, 0, 300))
            .addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(source, 300, SIZE)));
        try {
            for (ByteBuf buf : new ByteBuf[]{direct, heap, composite}) {
                for (int index : new int[]{0, 1, 7, 293, 600}) {
                    for (int length = 0; length <= BufferCopy.LONGWISE_MAX + 9 && index + length <= SIZE; length++) {
                        byte[] dst = new byte[length + 5];
                        Arrays.fill(dst, (byte) 0x5A);
                        BufferCopy.copy(buf, index, dst, 3, length);
                        assertThat(Arrays.copyOfRange(dst, 3, 3 + length))
                            .as("%s, %d bytes at %d", buf.getClass().getSimpleName(), length, index)
                            .isEqualTo(Arrays.copyOfRange(source, index, index + length));
                        assertThat(new byte[]{dst[0], dst[1], dst[2], dst[dst.length - 2], dst[dst.length - 1]})
                            .as("bytes around the copy").containsOnly(0x5A);
                    }
                }
            }
        } finally {
            direct.release();
            heap.release();
            composite.release();
        }
    }

    @Test
    void shouldRefuseARangeOutsideTheBuffer() {
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(16).writeZero(16);
        try {
            assertThatThrownBy(() -> BufferCopy.copy(direct, 10, new byte[16], 0, 8))
                .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> BufferCopy.copy(direct, 0, new byte[4], 0, 8))
                .isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            direct.release();
        }
    }

    /**
     * Keys and short values read out of a direct buffer of Netty's default allocator leave no garbage: 200,000 copies
     * allocate far less than one object each (Netty's own getBytes made a 64-byte view per copy without Unsafe).
     */
    @Test
    void shouldNotAllocateWhenCopyingShortRangesOutOfADirectBuffer() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        byte[] source = randomBytes();
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(SIZE).writeBytes(source);
        // The tests run with paranoid leak detection, whose wrapper records every access: copy out of the buffer
        // underneath, the one the reactors read.
        ByteBuf raw = direct;
        while (raw.getClass().getSimpleName().contains("LeakAware")) {
            raw = raw.unwrap();
        }
        assertThat(raw.isDirect()).isTrue();
        byte[] dst = new byte[BufferCopy.LONGWISE_MAX];
        int copies = 200_000;
        long sink = 0;
        try {
            for (int round = 0; round < 2; round++) { // the first round warms up; the second is measured
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < copies; i++) {
                    int length = 1 + i % BufferCopy.LONGWISE_MAX;
                    BufferCopy.copy(raw, i % (SIZE - length), dst, 0, length);
                    sink += dst[length - 1];
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 1) {
                    assertThat(allocated).as("bytes allocated by %d copies (checksum %d)", copies, sink)
                        .isLessThan(copies);
                }
            }
        } finally {
            direct.release();
        }
    }
}
