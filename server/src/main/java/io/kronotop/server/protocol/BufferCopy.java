package io.kronotop.server.protocol;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Copies a short range of a {@link ByteBuf} into a byte array without garbage. Without {@code sun.misc.Unsafe} (the
 * default on Java 25) Netty's {@code getBytes} into an array makes a temporary {@code ByteBuffer} view of a direct
 * buffer on every call: on the request path, one per key looked at, that view was most of what a pipelined load
 * allocated. Short ranges are read eight bytes at a time with absolute reads instead, which allocate nothing, share
 * no state and so are safe from any thread that may read the buffer; longer ones, where one view per copy is noise,
 * still take Netty's bulk copy.
 */
public final class BufferCopy {
    /** Ranges up to this many bytes are copied eight bytes at a time. */
    static final int LONGWISE_MAX = 256;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BufferCopy() {
    }

    /** Copies {@code length} bytes of {@code src} at {@code index} into {@code dst} at {@code dstIndex}. */
    public static void copy(ByteBuf src, int index, byte[] dst, int dstIndex, int length) {
        if (src.hasArray() || length > LONGWISE_MAX) {
            // a heap buffer's copy makes no view; a long range makes one for many bytes
            src.getBytes(index, dst, dstIndex, length);
            return;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            LONGS.set(dst, dstIndex + i, src.getLong(index + i)); // getLong is big-endian, as LONGS
        }
        for (; i < length; i++) {
            dst[dstIndex + i] = src.getByte(index + i);
        }
    }
}
