package io.kronotop.metastore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Rebuilds the store: the newest valid checkpoint, then every log record after it, up to the first torn or
 * corrupt record. The log is truncated there, and later log files are set aside, so new records never follow a
 * damaged one. A log file whose last record is followed by zeros only (written ahead of the records, see
 * {@link WriteAheadLog}) ends cleanly there: it is truncated, and the next file is read.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What recovery found. */
    record Result(long lastVersion, long checkpointVersion, long replayedRecords, long replayedBytes,
                  List<Path> walFiles) {
    }

    private Recovery() {
    }

    static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix);
            }).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    static Result recover(Path dir, MvccStore store) throws IOException {
        for (Path tmp : list(dir, "checkpoint-", ".tmp")) {
            Files.deleteIfExists(tmp);
        }
        List<Path> checkpoints = new ArrayList<>(list(dir, "checkpoint-", ".ckpt"));
        long checkpointVersion = 0;
        for (int i = checkpoints.size() - 1; i >= 0; i--) {
            long version = CheckpointFile.versionOf(checkpoints.get(i));
            long v = CheckpointFile.read(checkpoints.get(i), (k, val) -> store.load(k, val, version));
            if (v >= 0) {
                checkpointVersion = v;
                break;
            }
            LOG.warn("Ignoring damaged checkpoint {}", checkpoints.get(i));
        }
        long last = checkpointVersion;
        long records = 0;
        long bytes = 0;
        List<Path> wals = list(dir, "wal-", ".log");
        List<Path> kept = new ArrayList<>();
        boolean damaged = false;
        for (Path wal : wals) {
            if (damaged) {
                Path aside = wal.resolveSibling(wal.getFileName() + ".after-damage");
                LOG.error("Setting aside log file {} that follows a damaged record", wal);
                Files.move(wal, aside);
                continue;
            }
            kept.add(wal);
            try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                ByteBuffer all = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
                while (all.hasRemaining() && ch.read(all) >= 0) {
                    // read fully
                }
                all.flip();
                if (WalDescriptor.readHeader(all) < 0) {
                    LOG.warn("Log file {} has no valid header; truncating it", wal);
                    ch.truncate(0);
                    ch.force(true);
                    continue;
                }
                int pos = WalDescriptor.HEADER_BYTES;
                CRC32C crc = new CRC32C();
                while (true) {
                    if (pos + WalDescriptor.FRAME_BYTES > size) {
                        break;
                    }
                    int len = all.getInt(pos);
                    int sum = all.getInt(pos + 4);
                    if (len < 12 || len > WalDescriptor.MAX_RECORD_BYTES || pos + 8L + len > size) {
                        break;
                    }
                    crc.reset();
                    ByteBuffer payload = all.duplicate();
                    payload.position(pos + 8).limit(pos + 8 + len);
                    crc.update(payload);
                    if ((int) crc.getValue() != sum) {
                        break;
                    }
                    long version = apply(all, pos + 8, len, store, checkpointVersion);
                    last = Math.max(last, version);
                    records++;
                    bytes += len;
                    pos += 8 + len;
                }
                if (pos < size) {
                    // only zeros (written ahead of the records, see WriteAheadLog) is a clean end
                    if (!zeros(all, pos)) {
                        LOG.warn("Log file {} ends with a torn or corrupt record at offset {} ({} bytes dropped)",
                                wal, pos, size - pos);
                        damaged = true;
                    }
                    ch.truncate(pos);
                    ch.force(true);
                }
            }
        }
        return new Result(last, checkpointVersion, records, bytes, kept);
    }

    /** Whether every byte of {@code b} from {@code from} to its limit is zero. */
    static boolean zeros(ByteBuffer b, int from) {
        int i = from;
        int end = b.limit();
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long apply(ByteBuffer b, int start, int len, MvccStore store, long checkpointVersion) {
        ByteBuffer p = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        p.position(start).limit(start + len);
        long version = p.getLong();
        int ops = p.getInt();
        if (version <= checkpointVersion) {
            return version;
        }
        for (int i = 0; i < ops; i++) {
            byte type = p.get();
            byte[] a = new byte[p.getInt()];
            p.get(a);
            byte[] c = new byte[p.getInt()];
            p.get(c);
            if (type == WalDescriptor.OP_SET) {
                store.load(a, c, version);
            } else {
                store.clearRange(a, c, version, null);
            }
        }
        return version;
    }
}
