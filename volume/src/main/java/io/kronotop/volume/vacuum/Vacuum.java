package io.kronotop.volume.vacuum;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The vacuum of one volume: at most one run at a time, on its own thread ({@code volume-vacuum-<volume>}), while
 * reads and writes go on. A run repeatedly picks the segments (never the writable one) whose garbage percentage is at
 * least the threshold, moves their live entries into the writable segment {@link #BATCH_ENTRIES} at a time
 * (persisting a cursor after each batch), then retires each emptied segment (its file is deleted). It ends when no
 * segment qualifies that it has not tried, or on {@link #stop()}.
 *
 * <p>Progress lives in the metastore ({@link VacuumMetadata}); a run still RUNNING when the volume is reopened is
 * resumed from its cursors ({@link #resumeIfInterrupted()}). Moving an entry is idempotent (its key is repointed
 * only if it still points at the old copy), so redoing a batch after a crash is harmless; copies whose commit never
 * happened are garbage.
 *
 * <p>Threads: {@link #start}, {@link #stop}, {@link #drop} and {@link #status} block on the metastore and on the
 * worker (stop waits for the current batch); call them off the reactors. They are serialised by this object's lock.
 */
public final class Vacuum implements AutoCloseable {
    /** Live entries moved per metastore commit. */
    public static final int BATCH_ENTRIES = 100;
    static final String EVACUATING = "EVACUATING";
    static final String COMPLETED = "COMPLETED";
    static final String STOPPED = "STOPPED";
    private static final Logger LOG = LoggerFactory.getLogger(Vacuum.class);

    private final VacuumTarget target;
    private final VacuumMetadata metadata;
    private final LongSupplier wallClockMs;
    private Thread worker;
    private volatile boolean stopRequested;
    private volatile boolean closing;

    public Vacuum(VacuumTarget target, VacuumMetadata metadata, LongSupplier wallClockMs) {
        this.target = target;
        this.metadata = metadata;
        this.wallClockMs = wallClockMs;
    }

    /**
     * Starts a run over segments with at least {@code thresholdPercent} garbage.
     *
     * @throws VacuumException if the threshold is not in (0, 100), a run is active, or an earlier run's metadata
     *                         has not been dropped
     */
    public synchronized void start(double thresholdPercent) {
        if (!(thresholdPercent > 0 && thresholdPercent < 100)) {
            throw new VacuumException("garbage-threshold must be between 0 and 100 (exclusive)");
        }
        if (active()) {
            throw new VacuumException("Vacuum is already running on volume " + target.name());
        }
        if (metadata.readRun() != null) {
            throw new VacuumException("Stale vacuum metadata exists on volume " + target.name() + ", run DROP first");
        }
        VacuumReport.Run run = new VacuumReport.Run(thresholdPercent, wallClockMs.getAsLong(), 0, "", 0);
        metadata.writeRun(VacuumMetadata.RUNNING, run);
        launch(run);
    }

    /** Asks the active run to stop after its current batch and waits until it has. */
    public synchronized void stop() throws InterruptedException {
        if (!active()) {
            throw new VacuumException("No active vacuum on volume " + target.name());
        }
        stopRequested = true;
        worker.join();
    }

    /** Removes the metadata of a finished or stopped run. */
    public synchronized void drop() {
        if (active()) {
            throw new VacuumException("Vacuum is still running on volume " + target.name() + ", run STOP first");
        }
        metadata.clear();
    }

    /** Whether a run is active, its record and its segments. */
    public VacuumReport status() {
        VacuumMetadata.StoredRun stored = metadata.readRun();
        return new VacuumReport(active(), stored == null ? null : stored.run(), metadata.readSegments());
    }

    /** Resumes a run left RUNNING by a crash or a shutdown; called once the volume is open. */
    public synchronized void resumeIfInterrupted() {
        VacuumMetadata.StoredRun stored = metadata.readRun();
        if (stored != null && stored.state().equals(VacuumMetadata.RUNNING) && !active()) {
            LOG.info("volume {}: resuming the interrupted vacuum (threshold {}%)", target.name(),
                stored.run().threshold());
            launch(stored.run());
        }
    }

    /** Whether a run is in progress. */
    public synchronized boolean active() {
        return worker != null && worker.isAlive();
    }

    private void launch(VacuumReport.Run run) {
        stopRequested = false;
        worker = Thread.ofPlatform().name("volume-vacuum-" + target.name()).daemon(true).start(() -> run(run));
    }

    private void run(VacuumReport.Run run) {
        Map<Long, VacuumReport.SegmentProgress> progress = new HashMap<>();
        Set<Long> tried = new HashSet<>();
        for (VacuumReport.SegmentProgress p : metadata.readSegments()) {
            progress.put(p.segmentId(), p);
            if (!p.status().equals(EVACUATING)) {
                tried.add(p.segmentId());
            }
        }
        long processed = run.segmentsProcessed();
        try {
            boolean more = true;
            while (more && !stopRequested) {
                more = false;
                for (VacuumTarget.Candidate candidate : target.candidates()) {
                    long id = candidate.segmentId();
                    VacuumReport.SegmentProgress resumed = progress.get(id);
                    boolean qualifies = candidate.garbagePercentage() >= run.threshold() || resumed != null;
                    if (tried.contains(id) || !qualifies) {
                        continue;
                    }
                    if (stopRequested) {
                        break;
                    }
                    tried.add(id);
                    more = true;
                    if (vacuumSegment(id, resumed)) {
                        processed++;
                        metadata.writeRun(VacuumMetadata.RUNNING, new VacuumReport.Run(run.threshold(),
                            run.startedAtMs(), 0, "", processed));
                    }
                }
            }
            if (closing) {
                return;
            }
            String result = stopRequested ? "STOPPED" : processed == 0 ? "NO_WORK" : "COMPLETED";
            metadata.writeRun(stopRequested ? VacuumMetadata.STOPPED : VacuumMetadata.DONE, new VacuumReport.Run(
                run.threshold(), run.startedAtMs(), wallClockMs.getAsLong(), result, processed));
            LOG.info("volume {}: vacuum ended ({}), {} segment(s) reclaimed", target.name(), result, processed);
        } catch (RuntimeException e) {
            if (closing) {
                LOG.debug("volume {}: vacuum interrupted by close; it resumes on reopen", target.name(), e);
                return;
            }
            LOG.error("volume {}: vacuum failed after {} segment(s)", target.name(), processed, e);
            metadata.writeRun(VacuumMetadata.DONE, new VacuumReport.Run(run.threshold(), run.startedAtMs(),
                wallClockMs.getAsLong(), "FAILED", processed));
        }
    }

    /** Moves the live entries of one segment, then retires it; true if it is gone. */
    private boolean vacuumSegment(long id, VacuumReport.SegmentProgress resumed) {
        long startedAt = resumed == null ? wallClockMs.getAsLong() : resumed.startedAtMs();
        long cursor = resumed == null ? 0 : resumed.cursor();
        for (int attempt = 0; attempt < 2; attempt++) {
            metadata.writeSegment(new VacuumReport.SegmentProgress(id, EVACUATING, startedAt, cursor));
            while (true) {
                if (stopRequested) {
                    if (!closing) {
                        metadata.writeSegment(new VacuumReport.SegmentProgress(id, STOPPED, startedAt, cursor));
                    }
                    return false;
                }
                long next = target.evacuate(id, cursor, BATCH_ENTRIES);
                if (next < 0) {
                    break;
                }
                cursor = next;
                metadata.writeSegment(new VacuumReport.SegmentProgress(id, EVACUATING, startedAt, cursor));
            }
            if (target.tryRetire(id)) {
                metadata.writeSegment(new VacuumReport.SegmentProgress(id, COMPLETED, startedAt, cursor));
                return true;
            }
            cursor = 0;
        }
        LOG.warn("volume {}: segment {} still holds live entries after evacuation (unreadable ones?); left in place",
            target.name(), id);
        metadata.writeSegment(new VacuumReport.SegmentProgress(id, STOPPED, startedAt, cursor));
        return false;
    }

    /** Stops the worker without recording a stop, so that the run resumes when the volume is reopened. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = worker;
            closing = true;
            stopRequested = true;
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
