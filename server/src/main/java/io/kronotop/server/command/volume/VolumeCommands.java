package io.kronotop.server.command.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.volume.PrefixRegistry;
import io.kronotop.volume.Volume;
import io.kronotop.volume.vacuum.StalePrefixTask;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** Volume administration and monitoring, served on the admin port only. */
public final class VolumeCommands {
    private static final String G = "volume";
    private static final String F = "admin loading stale";

    private VolumeCommands() {
    }

    /** As {@link #register(CommandRegistry, Volumes, StalePrefixTask)} with the cluster's stale-prefix task. */
    public static void register(CommandRegistry registry, Volumes volumes, Database db, String cluster) {
        register(registry, volumes, stalePrefixTask(db, cluster, volumes));
    }

    public static void register(CommandRegistry registry, Volumes volumes, StalePrefixTask stalePrefixes) {
        registry.add(CommandSpec.container("volume.admin", "admin", G, "Administers the volumes of this member.",
            List.of(
                of("list", 2, F, G, "", "Lists the open volumes.", new VolumeListHandler(volumes)),
                of("describe", 3, F, G, "volume", "Describes a volume and its segments.",
                    new VolumeDescribeHandler(volumes)),
                of("set-status", 4, F, G, "volume READWRITE|READONLY|INOPERABLE",
                    "Persists and enforces a volume's status.", new VolumeSetStatusHandler(volumes)),
                of("list-segments", 3, F, G, "volume", "Lists a volume's segment ids.",
                    new VolumeListSegmentsHandler(volumes)),
                of("vacuum", -4, F, G, "START volume threshold | STOP|STATUS|DROP volume | volume ratio",
                    "Reclaims the space of segments over a garbage threshold.", new VolumeVacuumHandler(volumes)),
                of("stop-vacuum", 3, F, G, "volume", "Stops a running vacuum (older form of VACUUM STOP).",
                    new VolumeStopVacuumHandler(volumes)),
                of("prune-changelog", 4, F, G, "volume hours", "Removes changelog records older than hours.",
                    new VolumePruneChangelogHandler(volumes)),
                of("mark-stale-prefixes", 3, F, G, "START|STOP|REMOVE",
                    "Removes the entries of prefixes whose owner is gone, in the background.",
                    new VolumeMarkStalePrefixesHandler(stalePrefixes)),
                of("cleanup-orphan-files", 3, F, G, "volume", "Deletes segment files no metadata references.",
                    new VolumeCleanupOrphanFilesHandler(volumes)),
                of("replications", 2, F, G, "", "Lists replication sessions (none until replication exists).",
                    new VolumeReplicationsHandler()))));
        registry.add(CommandSpec.container("volume.inspect", "admin", G, "Inspects the internals of a volume.",
            List.of(of("cursor", 3, F, G, "volume", "Shows a volume's write cursor.",
                new VolumeInspectCursorHandler(volumes)))));
        registry.add(of("volume.stats", -2, F, G, "volume [SEGMENTS|OPCOUNTERS|RESET]",
            "Volume-wide or per-segment accounting, or the operation counters.", new VolumeStatsHandler(volumes)));
    }

    /**
     * The MARK-STALE-PREFIXES task of cluster {@code cluster}: registry {@code ("kronotop", cluster, "metadata",
     * "prefixes")}, task records under {@code ("kronotop", cluster, "metadata", "tasks")}; it removes a stale prefix
     * from every volume open at the time. A task left RUNNING by the previous process is resumed.
     */
    public static StalePrefixTask stalePrefixTask(Database db, String cluster, Volumes volumes) {
        Subspace metadata = new Subspace(Tuple.from("kronotop", cluster, "metadata"));
        StalePrefixTask task = new StalePrefixTask(db, new PrefixRegistry(metadata.get("prefixes")),
            metadata.get("tasks"), prefix -> {
                for (String name : volumes.names()) {
                    Volume volume = volumes.get(name);
                    if (volume != null) {
                        volume.maintenance().removePrefix(prefix);
                    }
                }
            });
        task.resumeIfInterrupted();
        return task;
    }
}
