package io.kronotop.volume.segment;

import java.nio.file.Path;
import java.util.List;

/**
 * What a verification found.
 *
 * @param segments one line per segment file checked
 * @param damage   every problem, with file and offset; empty when all is well
 * @param notes    findings that are not damage, such as the unsynced tail a crash leaves in the last segment
 */
public record VerifyReport(List<SegmentReport> segments, List<Damage> damage, List<Damage> notes) {
    public VerifyReport {
        segments = List.copyOf(segments);
        damage = List.copyOf(damage);
        notes = List.copyOf(notes);
    }

    /** True when no damage was found. */
    public boolean ok() {
        return damage.isEmpty();
    }

    /**
     * One segment's summary.
     *
     * @param segmentId  id from the header, or from the file name when the header is unreadable
     * @param file       the segment file
     * @param entries    valid entries found
     * @param endOffset  end of valid data
     * @param stopReason why the walk stopped
     */
    public record SegmentReport(long segmentId, Path file, long entries, long endOffset, String stopReason) {
    }

    /**
     * A problem at a place.
     *
     * @param file   the file
     * @param offset byte offset in the file
     * @param reason what is wrong
     */
    public record Damage(Path file, long offset, String reason) {
        @Override
        public String toString() {
            return file + " @" + offset + ": " + reason;
        }
    }
}
