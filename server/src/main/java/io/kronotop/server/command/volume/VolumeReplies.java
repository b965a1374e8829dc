package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeSegmentStats;

import java.util.List;

/** Error texts and reply shapes shared by the volume commands. */
final class VolumeReplies {

    private VolumeReplies() {
    }

    /** {@code ERR Volume: '<name>' is not open}. */
    static String notOpen(String name) {
        return "ERR Volume: '" + name + "' is not open";
    }

    /** {@code ERR Invalid volume status: <v>}. */
    static String invalidStatus(String status) {
        return "ERR Invalid volume status: " + status;
    }

    /** The open volume called {@code name}, or null after replying that it is not open. */
    static Volume lookup(Volumes volumes, String name, ReplyWriter reply) {
        Volume volume = volumes.get(name);
        if (volume == null) {
            reply.error(notOpen(name));
        }
        return volume;
    }

    /** Waits for the volume's segment accounting, then writes it with {@code writer}. */
    static void withSegmentStats(CommandContext ctx, ReplyWriter reply, Volume volume, StatsWriter writer) {
        TransactionRunner.complete(ctx, reply, volume.segmentStats(), writer::write);
    }

    @FunctionalInterface
    interface StatsWriter {
        void write(List<VolumeSegmentStats> stats, ReplyWriter reply);
    }
}
