package io.kronotop.metastore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A checkpoint: every live key at one version. Integers little-endian.
 *
 * <pre>
 * file   := magic "KMSCKP01" (8) | format version u32 (4) | version i64 (8) | entry* | footer
 * entry  := key length i32 (>= 0) | key | value length i32 | value
 * footer := -1 i32 | entry count i64 | crc32c of every preceding byte u32
 * </pre>
 *
 * Written to {@code *.tmp}, synced, renamed atomically, and the directory synced; a file whose footer does not
 * check is ignored by recovery.
 */
final class CheckpointFile {
    static final byte[] MAGIC = "KMSCKP01".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;

    /** Receives recovered entries. */
    interface Sink {
        void accept(byte[] key, byte[] value);
    }

    private CheckpointFile() {
    }

    static String fileName(long version) {
        return String.format(Locale.ROOT, "checkpoint-%020d.ckpt", version);
    }

    static long versionOf(Path file) {
        String n = file.getFileName().toString();
        return Long.parseLong(n.substring("checkpoint-".length(), n.length() - ".ckpt".length()));
    }

    /** Writes the state of {@code store} at {@code version} durably and returns the published file. */
    static Path write(Path dir, MvccStore store, long version) throws IOException {
        Path tmp = dir.resolve(fileName(version) + ".tmp");
        Path target = dir.resolve(fileName(version));
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream raw = Channels.newOutputStream(ch);
            BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16);
            ByteBuffer scratch = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            scratch.put(MAGIC).putInt(FORMAT_VERSION).putLong(version);
            writeChecked(out, crc, scratch.array(), 20);
            long count = 0;
            byte[] len = new byte[4];
            for (Map.Entry<byte[], MvccStore.Versions> e : store.all().entrySet()) {
                byte[] v = MvccStore.valueAt(e.getValue(), version);
                if (v == null) {
                    continue;
                }
                byte[] k = e.getKey();
                putInt(len, k.length);
                writeChecked(out, crc, len, 4);
                writeChecked(out, crc, k, k.length);
                putInt(len, v.length);
                writeChecked(out, crc, len, 4);
                writeChecked(out, crc, v, v.length);
                count++;
            }
            ByteBuffer footer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            footer.putInt(-1).putLong(count);
            writeChecked(out, crc, footer.array(), 12);
            footer.putInt((int) crc.getValue());
            out.write(footer.array(), 12, 4);
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Durables.syncDirectory(dir);
        return target;
    }

    /**
     * Reads a checkpoint, validating the whole file before handing any entry to {@code sink}.
     *
     * @return the checkpoint's version, or -1 if the file is damaged
     */
    static long read(Path file, Sink sink) throws IOException {
        if (!validate(file)) {
            return -1;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] head = new byte[20];
            in.readFully(head);
            long version = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(12);
            while (true) {
                int kl = Integer.reverseBytes(in.readInt());
                if (kl < 0) {
                    return version;
                }
                byte[] k = new byte[kl];
                in.readFully(k);
                byte[] v = new byte[Integer.reverseBytes(in.readInt())];
                in.readFully(v);
                sink.accept(k, v);
            }
        }
    }

    private static boolean validate(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 20 + 16) {
            return false;
        }
        CRC32C crc = new CRC32C();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] head = in.readNBytes(20);
            if (!Arrays.equals(Arrays.copyOf(head, 8), MAGIC)
                    || ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(8) != FORMAT_VERSION) {
                return false;
            }
            crc.update(head);
            long remaining = size - 20 - 4;
            byte[] buf = new byte[1 << 16];
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    throw new EOFException();
                }
                crc.update(buf, 0, n);
                remaining -= n;
            }
            byte[] stored = in.readNBytes(4);
            return stored.length == 4
                    && ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getInt() == (int) crc.getValue();
        }
    }

    private static void putInt(byte[] b, int v) {
        b[0] = (byte) v;
        b[1] = (byte) (v >>> 8);
        b[2] = (byte) (v >>> 16);
        b[3] = (byte) (v >>> 24);
    }

    private static void writeChecked(OutputStream out, CRC32C crc, byte[] b, int len) throws IOException {
        out.write(b, 0, len);
        crc.update(b, 0, len);
    }
}
