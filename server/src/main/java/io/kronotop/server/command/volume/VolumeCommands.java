package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;

import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** Volume administration and monitoring, served on the admin port only. */
public final class VolumeCommands {
    private static final String G = "volume";

    private VolumeCommands() {
    }

    public static void register(CommandRegistry registry, Volumes volumes, long segmentSizeBytes) {
        registry.add(CommandSpec.container("volume.admin", "admin", G, "Administers the volumes of this member.",
            List.of(
                of("list", 2, "admin loading stale", G, "", "Lists the open volumes.", new VolumeListHandler(volumes)),
                of("describe", 3, "admin loading stale", G, "volume", "Describes a volume and its segments.",
                    new VolumeDescribeHandler(volumes, segmentSizeBytes)),
                of("set-status", 4, "admin loading stale", G, "volume READWRITE|READONLY|INOPERABLE",
                    "Persists and enforces a volume's status.", new VolumeSetStatusHandler(volumes)),
                of("list-segments", 3, "admin loading stale", G, "volume", "Lists a volume's segment ids.",
                    new VolumeListSegmentsHandler(volumes)))));
        registry.add(of("volume.stats", -2, "admin loading stale", G, "volume [SEGMENTS|OPCOUNTERS|RESET]",
            "Volume-wide or per-segment accounting, or the operation counters.", new VolumeStatsHandler(volumes)));
    }
}
