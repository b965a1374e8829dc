package io.kronotop.volume.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Bytes of a segment file that fail a check: bad magic, unsupported version, a header or entry CRC32C that does not
 * match, a length out of bounds. Always names the file and the byte offset where the damage was found.
 */
public final class CorruptSegmentException extends IOException {
    private final transient Path file;
    private final long offset;
    private final String reason;

    public CorruptSegmentException(Path file, long offset, String reason) {
        super(file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** What is wrong, without the file and offset. */
    public String reason() {
        return reason;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Byte offset in {@link #file()} where the damage starts. */
    public long offset() {
        return offset;
    }
}
