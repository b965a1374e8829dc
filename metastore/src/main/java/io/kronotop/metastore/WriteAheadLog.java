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
 */
final class WriteAheadLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private long position;

    private WriteAheadLog(Path file, FileChannel channel, long position) {
        this.file = file;
        this.channel = channel;
        this.position = position;
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
        ch.force(true);
        Durables.syncDirectory(dir);
        return new WriteAheadLog(file, ch, pos);
    }

    void append(ByteBuffer record) throws IOException {
        while (record.hasRemaining()) {
            position += channel.write(record, position);
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
