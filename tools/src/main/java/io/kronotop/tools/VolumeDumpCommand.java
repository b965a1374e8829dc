package io.kronotop.tools;

import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentHeader;
import io.kronotop.volume.format.SegmentScanner;
import io.kronotop.volume.segment.Segment;
import io.kronotop.volume.segment.SegmentFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kronotop-tool volume dump <dir>}: headers and entries of every segment. */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Print each segment's header and entries (offset, length, prefix, epoch, CRC32C status).")
final class VolumeDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "volume folder, or its segments folder")
    Path dir;

    @Option(names = "--segment", paramLabel = "<id>", description = "only this segment")
    Long segmentId;

    @Option(names = "--headers-only", description = "print segment headers, not entries")
    boolean headersOnly;

    @Option(names = "--bytes", paramLabel = "<n>", defaultValue = "0",
        description = "also print the first <n> payload bytes of each entry, in hex (default: ${DEFAULT-VALUE})")
    int previewBytes;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path segmentsDir = SegmentFiles.segmentsDir(dir);
        if (!Files.isDirectory(segmentsDir)) {
            spec.commandLine().getErr().println("not a folder: " + segmentsDir);
            return 2;
        }
        List<Long> ids = SegmentFiles.listIds(segmentsDir);
        out.println("volume folder " + segmentsDir + ": " + ids.size() + " segment(s)");
        for (long id : ids) {
            if (segmentId != null && segmentId != id) {
                continue;
            }
            Path file = segmentsDir.resolve(SegmentFiles.fileName(id));
            try (Segment segment = Segment.open(file, id)) {
                dump(out, segment);
            } catch (CorruptSegmentException e) {
                out.println("segment " + SegmentFiles.fileName(id) + ": UNREADABLE HEADER at offset " + e.offset()
                    + ": " + e.reason());
            }
        }
        out.flush();
        return 0;
    }

    private void dump(PrintWriter out, Segment segment) {
        SegmentHeader h = segment.header();
        out.println("segment " + SegmentFiles.fileName(h.segmentId()));
        out.println("  file         " + segment.path());
        out.println("  version      " + h.version());
        out.println("  volume       " + h.volumeName() + " (id " + h.volumeId() + ")");
        out.println("  size         " + h.segmentSizeBytes());
        out.println("  created      " + Instant.ofEpochMilli(h.createdAtMs()));
        out.println("  epochs       first " + h.firstEpoch() + ", highest recorded " + segment.maxEpoch());
        MemorySegment file = segment.mapping();
        SegmentScanner.Result result = SegmentScanner.scan(file, h.segmentSizeBytes(), h.firstEpoch(),
            segment.maxEpoch(), false, headersOnly ? null : (offset, length, prefix, epoch) -> {
                boolean crcOk = EntryDescriptor.payloadCrcMatches(file, offset);
                StringBuilder line = new StringBuilder(96);
                line.append("  entry @").append(offset).append(" length ").append(length)
                    .append(" prefix 0x").append(Long.toHexString(prefix)).append(" epoch ").append(epoch)
                    .append(crcOk ? " crc ok" : " CRC MISMATCH");
                if (previewBytes > 0) {
                    line.append(" bytes ").append(hex(file.asSlice(offset + EntryDescriptor.HEADER_LENGTH,
                        Math.min(previewBytes, length))));
                }
                out.println(line);
            });
        out.println("  entries      " + result.entries() + " (" + result.recordBytes() + " bytes)");
        out.println("  end of data  " + result.endOffset() + ": " + result.reason());
    }

    private static String hex(MemorySegment bytes) {
        StringBuilder sb = new StringBuilder((int) bytes.byteSize() * 2);
        for (long i = 0; i < bytes.byteSize(); i++) {
            int b = bytes.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
