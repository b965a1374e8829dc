package io.kronotop.server.command.volume;

import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.volume.vacuum.VacuumReport;

/**
 * VACUUM STATUS: {@code {active: bool, metadata: {threshold, started_at, completed_at, result, segments_processed}
 * (only when a run's record exists), segments: [{segment_id, status, started_at, cursor}]}}; times in ms since the
 * epoch, {@code completed_at} 0 and {@code result} empty while the run is active.
 */
final class VacuumStatusReply {

    private VacuumStatusReply() {
    }

    static void write(VacuumReport report, ReplyWriter out) {
        out.mapHeader(report.run() == null ? 2 : 3);
        out.simpleString("active");
        out.bool(report.active());
        if (report.run() != null) {
            VacuumReport.Run run = report.run();
            out.simpleString("metadata");
            out.mapHeader(5);
            out.simpleString("threshold");
            out.doubleValue(run.threshold());
            out.simpleString("started_at");
            out.integer(run.startedAtMs());
            out.simpleString("completed_at");
            out.integer(run.completedAtMs());
            out.simpleString("result");
            out.bulk(run.result());
            out.simpleString("segments_processed");
            out.integer(run.segmentsProcessed());
        }
        out.simpleString("segments");
        out.arrayHeader(report.segments().size());
        for (VacuumReport.SegmentProgress segment : report.segments()) {
            out.mapHeader(4);
            out.simpleString("segment_id");
            out.integer(segment.segmentId());
            out.simpleString("status");
            out.bulk(segment.status());
            out.simpleString("started_at");
            out.integer(segment.startedAtMs());
            out.simpleString("cursor");
            out.integer(segment.cursor());
        }
    }
}
