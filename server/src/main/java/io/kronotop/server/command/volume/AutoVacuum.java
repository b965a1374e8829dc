package io.kronotop.server.command.volume;

import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeStatus;
import io.kronotop.volume.vacuum.Vacuum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/**
 * Starts a vacuum run by itself, the way Redis rewrites its append-only file: every {@link #intervalMs}, each open
 * volume it covers that has no run active and a sealed segment with at least {@link #thresholdPercent} garbage gets
 * a run at that threshold (the report of its previous, finished run is dropped first); READONLY and INOPERABLE
 * volumes are left alone. {@link Volumes} runs {@link #checkAll} on its maintenance thread; the runs themselves use
 * the volume's vacuum thread.
 */
final class AutoVacuum {
    private static final Logger LOG = LoggerFactory.getLogger(AutoVacuum.class);

    private final Volumes volumes;
    private final Predicate<String> covered;
    private final double thresholdPercent;
    private final long intervalMs;
    private long failures;

    AutoVacuum(Volumes volumes, Predicate<String> covered, double thresholdPercent, long intervalMs) {
        if (!(thresholdPercent > 0 && thresholdPercent < 100) || intervalMs < 1) {
            throw new IllegalArgumentException("threshold in (0, 100) and a positive interval required");
        }
        this.volumes = volumes;
        this.covered = covered;
        this.thresholdPercent = thresholdPercent;
        this.intervalMs = intervalMs;
    }

    long intervalMs() {
        return intervalMs;
    }

    /** One pass: starts a run on every covered volume that qualifies; a failure is logged and retried next pass. */
    void checkAll() {
        for (String name : volumes.names()) {
            Volume volume = volumes.get(name);
            if (volume == null || !covered.test(name)) {
                continue;
            }
            try {
                check(volume);
            } catch (RuntimeException e) {
                failures++;
                if (Long.bitCount(failures) == 1) {
                    LOG.warn("volume {}: automatic vacuum check failed ({} failures so far); retried in {} ms", name,
                        failures, intervalMs, e);
                }
            }
        }
    }

    private void check(Volume volume) {
        Vacuum vacuum = volume.vacuum();
        if (vacuum.active() || volume.status() != VolumeStatus.READWRITE) {
            return; // a run moves entries into the writable segment, which only a READWRITE volume has
        }
        if (volume.maintenance().candidates().stream().noneMatch(c -> c.garbagePercentage() >= thresholdPercent)) {
            return;
        }
        if (vacuum.status().run() != null) {
            vacuum.drop();
        }
        vacuum.start(thresholdPercent);
        LOG.info("volume {}: automatic vacuum started (a sealed segment has at least {}% garbage)", volume.name(),
            thresholdPercent);
    }
}
