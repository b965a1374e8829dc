package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.txn.TransactionRunner;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeSegmentStats;
import io.kronotop.volume.vacuum.VacuumException;

import java.util.List;
import java.util.concurrent.Callable;

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

    /**
     * Runs blocking volume maintenance {@code work} off the reactor, then writes its result with {@code onSuccess};
     * a {@link VacuumException} (a refused request) becomes {@code ERR <its message>}, anything else the mapped or
     * hidden error.
     */
    static <T> void offload(CommandContext ctx, Callable<T> work, ResultWriter<T> onSuccess) {
        ctx.offload(work, (result, failure, out) -> {
            if (failure == null) {
                onSuccess.write(result, out);
            } else if (failure instanceof VacuumException refused) {
                out.error("ERR " + refused.getMessage());
            } else {
                TransactionRunner.fail(failure, out);
            }
        });
    }

    @FunctionalInterface
    interface ResultWriter<T> {
        void write(T result, ReplyWriter reply);
    }

    @FunctionalInterface
    interface StatsWriter {
        void write(List<VolumeSegmentStats> stats, ReplyWriter reply);
    }
}
