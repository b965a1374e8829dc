package io.kronotop.volume.segment;

import io.kronotop.volume.format.SegmentFileDescriptor;
import io.kronotop.volume.format.SegmentHeader;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Names and creation of segment files. A segment file is named by its id zero-padded to 19 digits
 * ({@code 0000000000000000001}); it is created under a {@code .tmp} name, gets its header and full size, is synced,
 * then renamed into place and the directory synced, so a file with a final name always has a durable header.
 */
public final class SegmentFiles {
    public static final String SEGMENTS_DIR = "segments";
    public static final String TMP_SUFFIX = ".tmp";
    private static final int NAME_DIGITS = 19;

    private SegmentFiles() {
    }

    /** The file name of segment {@code id}. */
    public static String fileName(long id) {
        String digits = Long.toString(id);
        return "0".repeat(NAME_DIGITS - digits.length()) + digits;
    }

    /** The segment id a file name stands for, or -1 when it is not a segment file name. */
    public static long parseId(String fileName) {
        if (fileName.length() != NAME_DIGITS) {
            return -1;
        }
        for (int i = 0; i < NAME_DIGITS; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(fileName);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The segments folder of a volume folder; a folder without a {@code segments} child is taken as it is. */
    public static Path segmentsDir(Path volumeDir) {
        Path child = volumeDir.resolve(SEGMENTS_DIR);
        return Files.isDirectory(child) || !Files.isDirectory(volumeDir) ? child : volumeDir;
    }

    /** Ids of the segment files in {@code segmentsDir}, ascending. */
    public static List<Long> listIds(Path segmentsDir) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(segmentsDir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(segmentsDir)) {
            for (Path file : files) {
                long id = parseId(file.getFileName().toString());
                if (id >= 0 && Files.isRegularFile(file)) {
                    ids.add(id);
                }
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** Deletes leftovers of segment creations a crash interrupted; returns them. */
    public static List<Path> deleteTmpFiles(Path segmentsDir) throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(segmentsDir, "*" + TMP_SUFFIX)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
                deleted.add(file);
            }
        }
        return deleted;
    }

    /** Creates, sizes and syncs a new segment file for {@code header}, atomically; returns its path. */
    public static Path create(Path segmentsDir, SegmentHeader header, ChannelFactory channels) throws IOException {
        Path target = segmentsDir.resolve(fileName(header.segmentId()));
        if (Files.exists(target)) {
            throw new IOException("segment file already exists: " + target);
        }
        Path tmp = segmentsDir.resolve(fileName(header.segmentId()) + TMP_SUFFIX);
        try (Arena arena = Arena.ofConfined();
             FileChannel channel = channels.open(tmp, Set.of(StandardOpenOption.CREATE,
                 StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            MemorySegment bytes = arena.allocate(SegmentFileDescriptor.HEADER_LENGTH, 8);
            SegmentFileDescriptor.write(bytes, header);
            writeFully(channel, bytes.asByteBuffer(), 0);
            // Logical pre-allocation: one byte at the end gives the file its full (sparse) size.
            writeFully(channel, ByteBuffer.allocate(1), header.segmentSizeBytes() - 1);
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(segmentsDir);
        return target;
    }

    /** Writes all of {@code buffer} at {@code position}. */
    public static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** Syncs a directory so renames and creations in it are durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
