package io.kronotop.metastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One write-ahead log file: positional writes, {@code fdatasync} through {@link FileChannel#force(boolean)}.
 * Created by the commit thread; written, synced and closed by the log-sync thread only.
 *
 * <p>The file is extended ahead of the records in chunks of {@link #PREALLOCATE_BYTES} of written zeros. A record
 * then overwrites blocks that are already allocated and initialised inside the file's size, so its
 * {@code fdatasync} has no file metadata to commit (no journal commit on ext4 or XFS) and costs less than one that
 * appends past the end (102 against 156 us for 4 KiB on the development machine's ext4, see
 * docs/performance-volume.md); only the sync after an extension pays for it, once per chunk. Recovery reads an
 * all-zero tail after the last record as the end of the log.
 */
final class WriteAheadLog implements AutoCloseable {
    /** Bytes of zeros written ahead of the records at a time. */
    static final int PREALLOCATE_BYTES = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16).asReadOnlyBuffer();

    private final Path file;
    private final FileChannel channel;
    private long position;
    /** End of the written zeros (the file's size). */
    private long preallocated;

    private WriteAheadLog(Path file, FileChannel channel, long position) {
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.preallocated = position;
    }

    static String fileName(long startVersion) {
        return String.format(Locale.ROOT, "wal-%020d.log", startVersion);
    }

    static WriteAheadLog create(Path dir, long startVersion) throws IOException {
        Path file = dir.resolve(fileName(startVersion));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ByteBuffer h = WalDescriptor.header(startVersion);
        long pos = 0;
        while (h.hasRemaining()) {
            pos += ch.write(h, pos);
        }
        WriteAheadLog wal = new WriteAheadLog(file, ch, pos);
        wal.preallocate(pos + 1);
        ch.force(true);
        Durables.syncDirectory(dir);
        return wal;
    }

    void append(ByteBuffer record) throws IOException {
        if (position + record.remaining() > preallocated) {
            preallocate(position + record.remaining());
        }
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
    }

    /** Writes zeros from the current end up to the first chunk boundary past {@code end}. */
    private void preallocate(long end) throws IOException {
        long target = (end / PREALLOCATE_BYTES + 1) * PREALLOCATE_BYTES;
        while (preallocated < target) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), target - preallocated));
            preallocated += channel.write(zeros, preallocated);
        }
    }

    void sync() throws IOException {
        channel.force(false);
    }

    long position() {
        return position;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
