package io.kronotop.server.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unpooled allocator that remembers every buffer it hands out, so a test can assert that all of them were
 * released (unpooled buffers are never recycled, so a released one keeps a reference count of 0), and how much
 * memory is alive. That check is exact and immediate, so these buffers skip Netty's leak detector, whose paranoid
 * mode records a stack trace on every access and would make byte-by-byte tests very slow.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private static final UnpooledByteBufAllocator UNTRACED = new UnpooledByteBufAllocator(true, true);

    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(true);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(UNTRACED.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(UNTRACED.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        throw new UnsupportedOperationException();
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    int allocations() {
        return allocated.size();
    }

    /** Largest capacity of any buffer handed out (capacities may have grown since). */
    int maxCapacity() {
        int max = 0;
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() > 0) {
                max = Math.max(max, buf.capacity());
            }
        }
        return max;
    }

    /** Sum of the capacities of the buffers still alive. */
    long liveBytes() {
        long sum = 0;
        for (ByteBuf buf : allocated) {
            if (buf.refCnt() > 0) {
                sum += buf.capacity();
            }
        }
        return sum;
    }

    void assertAllReleased() {
        for (ByteBuf buf : allocated) {
            assertThat(buf.refCnt()).as("reference count of %s", buf).isZero();
        }
    }
}
