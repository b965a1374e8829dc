package io.kronotop.volume.format;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli) over memory segments; the JDK's implementation, hardware-accelerated where available. */
public final class Crc32c {
    private Crc32c() {
    }

    /** CRC32C of {@code length} bytes of {@code segment} from {@code offset}, as a 32-bit int. */
    public static int of(MemorySegment segment, long offset, long length) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asSlice(offset, length).asByteBuffer());
        return (int) crc.getValue();
    }

    /** CRC32C of the whole of {@code segment}. */
    public static int of(MemorySegment segment) {
        return of(segment, 0, segment.byteSize());
    }
}
