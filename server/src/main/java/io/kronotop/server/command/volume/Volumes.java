package io.kronotop.server.command.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The volumes open on this member, by name ({@code redis-shard-0}, {@code bucket-shard-0}, ...): those of the
 * shards this member is primary for. {@link #retain} opens and closes them as the routing changes; it runs on
 * the cluster's routing thread only (opening a volume blocks). Any thread may read. Folders:
 * {@code <dataDir>/volumes/<name>}; metadata: subspace {@code ("kronotop", <cluster>, "metadata", "volumes",
 * <name>)}.
 */
public final class Volumes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

    private final Path dataDir;
    private final String cluster;
    private final java.util.function.Function<String, VolumeConfig> configs;
    private final Database db;
    private final ConcurrentSkipListMap<String, Volume> byName = new ConcurrentSkipListMap<>();
    private volatile boolean closed;
    /** Runs the changelog retention and the automatic vacuum checks; created by the first of them started. */
    private ScheduledExecutorService maintenance;

    public Volumes(Path dataDir, String cluster, VolumeConfig config, Database db) {
        this(dataDir, cluster, name -> config, db);
    }

    /** {@code configs} gives the settings of the volume called {@code name} (REDIS shards have their own). */
    public Volumes(Path dataDir, String cluster, java.util.function.Function<String, VolumeConfig> configs,
                   Database db) {
        this.dataDir = dataDir;
        this.cluster = cluster;
        this.configs = configs;
        this.db = db;
    }

    /**
     * Makes the open volumes exactly {@code wanted}: opens the missing ones, closes the others. A volume that
     * cannot be opened is logged and tried again at the next call. Routing thread only.
     */
    public void retain(Set<String> wanted) {
        if (closed) {
            return;
        }
        for (String name : new ArrayList<>(byName.keySet())) {
            if (!wanted.contains(name)) {
                Volume volume = byName.remove(name);
                volume.close();
                LOG.info("volume {} closed: this member is no longer its shard's primary", name);
            }
        }
        for (String name : wanted) {
            if (byName.containsKey(name)) {
                continue;
            }
            Subspace subspace = new Subspace(Tuple.from("kronotop", cluster, "metadata", "volumes", name));
            try {
                byName.put(name, Volume.open(dataDir.resolve("volumes").resolve(name), name, configs.apply(name), db,
                    subspace));
                LOG.info("volume {} open: this member is its shard's primary", name);
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot open volume {}; retried at the next routing change: {}", name, e.toString());
            }
        }
    }

    /** The open volume called {@code name}, or null. */
    public Volume get(String name) {
        return byName.get(name);
    }

    /** Names of the open volumes, sorted. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /**
     * Starts pruning the changelog records older than {@code retentionMs} of every open volume (see
     * {@link ChangelogRetention}); 0 leaves pruning to the operator's {@code PRUNE-CHANGELOG}. Call at most once.
     */
    public synchronized void startChangelogRetention(long retentionMs, java.util.function.LongSupplier clockMs) {
        if (retentionMs > 0 && !closed) {
            ChangelogRetention retention = new ChangelogRetention(this, retentionMs, clockMs);
            schedule(retention::pruneAll, retention.intervalMs());
            LOG.info("changelog retention: records older than {} ms are pruned every {} ms", retentionMs,
                retention.intervalMs());
        }
    }

    /**
     * Starts automatic vacuum runs on the open volumes whose name {@code covered} accepts (see {@link AutoVacuum});
     * a threshold of 0 leaves vacuum to the operator. Call at most once.
     */
    public synchronized void startAutoVacuum(java.util.function.Predicate<String> covered, double thresholdPercent,
                                             long intervalMs) {
        if (thresholdPercent > 0 && !closed) {
            AutoVacuum autoVacuum = new AutoVacuum(this, covered, thresholdPercent, intervalMs);
            schedule(autoVacuum::checkAll, autoVacuum.intervalMs());
            LOG.info("automatic vacuum: a run starts when a sealed segment has {}% garbage, checked every {} ms",
                thresholdPercent, intervalMs);
        }
    }

    /** Runs {@code task} every {@code intervalMs} on the maintenance thread ({@code volume-maintenance}). */
    private void schedule(Runnable task, long intervalMs) {
        if (maintenance == null) {
            maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "volume-maintenance");
                t.setDaemon(true);
                return t;
            });
        }
        maintenance.scheduleWithFixedDelay(task, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The settings volume {@code name} is (or would be) opened with. */
    public VolumeConfig config(String name) {
        return configs.apply(name);
    }

    /** Closes every volume; call after the routing thread stopped. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (maintenance != null) {
                maintenance.shutdownNow();
                try {
                    maintenance.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Volume volume : byName.values()) {
            volume.close();
        }
        byName.clear();
    }
}
