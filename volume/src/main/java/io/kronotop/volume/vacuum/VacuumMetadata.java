package io.kronotop.volume.vacuum;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.KeyValue;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * A vacuum's progress in the metastore, under the volume's vacuum subspace (tag {@code 0x08}):
 *
 * <pre>
 *  (1, segmentId)   tuple (status, startedAtMs, cursor)            one per segment the run has worked on
 *  (2)              tuple (state, threshold, startedAtMs,          the run; state RUNNING, STOPPED or DONE
 *                          completedAtMs, result, segmentsProcessed)
 * </pre>
 *
 * A run in state RUNNING when the volume opens was interrupted by a crash or a shutdown and is resumed. Everything
 * here is removed by {@link #clear()} (VACUUM DROP). Methods block on the metastore: vacuum thread or an offload
 * thread only.
 */
public final class VacuumMetadata {
    static final String RUNNING = "RUNNING";
    static final String STOPPED = "STOPPED";
    static final String DONE = "DONE";
    private static final int SEGMENT = 1;
    private static final int RUN = 2;

    private final Database db;
    private final Subspace root;
    private final Subspace segments;
    private final byte[] runKey;

    public VacuumMetadata(Database db, Subspace root) {
        this.db = db;
        this.root = root;
        this.segments = root.get(SEGMENT);
        this.runKey = root.pack(Tuple.from(RUN));
    }

    /** The run's state and record, or null when there is no vacuum metadata. */
    StoredRun readRun() {
        byte[] value = db.read(tr -> tr.get(runKey).join());
        if (value == null) {
            return null;
        }
        Tuple t = Tuple.fromBytes(value);
        return new StoredRun(t.getString(0), new VacuumReport.Run(t.getDouble(1), t.getLong(2), t.getLong(3),
            t.getString(4), t.getLong(5)));
    }

    void writeRun(String state, VacuumReport.Run run) {
        byte[] value = Tuple.from(state, run.threshold(), run.startedAtMs(), run.completedAtMs(), run.result(),
            run.segmentsProcessed()).pack();
        db.run(tr -> {
            tr.set(runKey, value);
            return null;
        });
    }

    List<VacuumReport.SegmentProgress> readSegments() {
        List<KeyValue> kvs = db.read(tr -> tr.getRange(segments.range()).asList().join());
        List<VacuumReport.SegmentProgress> result = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            Tuple t = Tuple.fromBytes(kv.getValue());
            result.add(new VacuumReport.SegmentProgress(segments.unpack(kv.getKey()).getLong(0), t.getString(0),
                t.getLong(1), t.getLong(2)));
        }
        return result;
    }

    void writeSegment(VacuumReport.SegmentProgress progress) {
        byte[] value = Tuple.from(progress.status(), progress.startedAtMs(), progress.cursor()).pack();
        db.run(tr -> {
            tr.set(segments.pack(Tuple.from(progress.segmentId())), value);
            return null;
        });
    }

    /** Removes the run and every segment record. */
    void clear() {
        db.run(tr -> {
            tr.clear(root.range());
            return null;
        });
    }

    record StoredRun(String state, VacuumReport.Run run) {
    }
}
