package io.kronotop.volume.segment;

import io.kronotop.volume.format.CorruptSegmentException;
import io.kronotop.volume.format.EntryDescriptor;
import io.kronotop.volume.format.SegmentScanner;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Walks segments, checking the file header and every entry's header and payload CRC32C. */
public final class SegmentVerifier {
    private SegmentVerifier() {
    }

    /**
     * Verifies an open volume: every segment must hold valid entries exactly up to its end of durable data.
     * Runs alongside appends; the writable segment is checked up to the end known when it is reached.
     */
    public static VerifyReport verifyOpen(List<Segment> segments) {
        List<VerifyReport.SegmentReport> reports = new ArrayList<>();
        List<VerifyReport.Damage> damage = new ArrayList<>();
        for (Segment segment : segments) {
            long end = segment.end();
            SegmentScanner.Result result = walk(segment, end, damage);
            reports.add(new VerifyReport.SegmentReport(segment.id(), segment.path(), result.entries(),
                result.endOffset(), result.reason()));
            if (result.endOffset() != end) {
                damage.add(new VerifyReport.Damage(segment.path(), result.endOffset(),
                    result.reason() + "; valid data should end at " + end));
            }
        }
        return new VerifyReport(reports, damage, List.of());
    }

    /**
     * Walks {@code segment}'s entry headers up to {@code limit} and checks every payload's CRC32C on the way: a
     * payload mismatch is damage at its entry's offset, and the walk goes on (the header still gives the length), so
     * every damaged entry is reported. The walk itself stops at a damaged header (what follows cannot be located).
     */
    private static SegmentScanner.Result walk(Segment segment, long limit, List<VerifyReport.Damage> damage) {
        MemorySegment mapping = segment.mapping();
        return SegmentScanner.scan(mapping, limit, segment.header().firstEpoch(), segment.maxEpoch(), false,
            (offset, payloadLength, prefix, epoch) -> {
                if (!EntryDescriptor.payloadCrcMatches(mapping, offset)) {
                    damage.add(new VerifyReport.Damage(segment.path(), offset, "payload CRC32C mismatch"));
                }
            });
    }

    /**
     * Verifies the segment files of a volume folder offline (the volume must not be open for writing). A walk
     * that stops early in the last segment is reported as a note: that is what a crash leaves behind and what
     * opening the volume cuts off. Anywhere else it is damage.
     *
     * @param volumeDir the volume folder, or its {@code segments} folder
     */
    public static VerifyReport verifyOffline(Path volumeDir) throws IOException {
        Path dir = SegmentFiles.segmentsDir(volumeDir);
        List<Long> ids = SegmentFiles.listIds(dir);
        List<VerifyReport.SegmentReport> reports = new ArrayList<>();
        List<VerifyReport.Damage> damage = new ArrayList<>();
        List<VerifyReport.Damage> notes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            Path file = dir.resolve(SegmentFiles.fileName(id));
            boolean last = i == ids.size() - 1;
            try (Segment segment = Segment.open(file, id)) {
                SegmentScanner.Result result = last
                    ? SegmentScanner.scan(segment.mapping(), segment.header().segmentSizeBytes(),
                        segment.header().firstEpoch(), segment.maxEpoch(), true, null)
                    : walk(segment, segment.header().segmentSizeBytes(), damage);
                reports.add(new VerifyReport.SegmentReport(id, file, result.entries(), result.endOffset(),
                    result.reason()));
                if (result.stop() != SegmentScanner.Stop.CLEAN_END) {
                    VerifyReport.Damage found = new VerifyReport.Damage(file, result.endOffset(), result.reason());
                    if (last) {
                        notes.add(new VerifyReport.Damage(file, result.endOffset(),
                            "end of valid data (" + result.reason() + "): unsynced tail of the writable segment"));
                    } else {
                        damage.add(found);
                    }
                }
            } catch (CorruptSegmentException e) {
                reports.add(new VerifyReport.SegmentReport(id, file, 0, e.offset(), "unreadable header"));
                damage.add(new VerifyReport.Damage(e.file(), e.offset(), e.reason()));
            }
        }
        return new VerifyReport(reports, damage, notes);
    }
}
