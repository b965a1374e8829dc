package io.kronotop.volume.vacuum;

import java.util.List;

/**
 * What VACUUM STATUS shows: whether a run is active, the run's record (null when there is none) and the segments it
 * has worked on.
 */
public record VacuumReport(boolean active, Run run, List<SegmentProgress> segments) {

    /** The run's record; {@code completedAtMs} is 0 and {@code result} empty while it runs. */
    public record Run(double threshold, long startedAtMs, long completedAtMs, String result, long segmentsProcessed) {
    }

    /** One segment: {@code status} is EVACUATING, COMPLETED or STOPPED; {@code cursor} the next offset to look at. */
    public record SegmentProgress(long segmentId, String status, long startedAtMs, long cursor) {
    }
}
