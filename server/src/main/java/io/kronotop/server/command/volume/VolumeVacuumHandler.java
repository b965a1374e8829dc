package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;

/**
 * VOLUME.ADMIN VACUUM START vol threshold | STOP vol | STATUS vol | DROP vol, and the older form VOLUME.ADMIN VACUUM
 * vol ratio (same as START). START, STOP and DROP answer OK; STATUS the map of {@link VacuumStatusReply}. The work
 * blocks on the metastore (STOP also waits for the current batch), so it runs on the offload executor.
 */
final class VolumeVacuumHandler implements CommandHandler {
    private static final byte[] START = {'S', 'T', 'A', 'R', 'T'};
    private static final byte[] STOP = {'S', 'T', 'O', 'P'};
    private static final byte[] STATUS = {'S', 'T', 'A', 'T', 'U', 'S'};
    private static final byte[] DROP = {'D', 'R', 'O', 'P'};

    private final Volumes volumes;

    VolumeVacuumHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean start = args.equalsIgnoreCase(2, START);
        boolean other = args.equalsIgnoreCase(2, STOP) || args.equalsIgnoreCase(2, STATUS)
            || args.equalsIgnoreCase(2, DROP);
        if ((start && args.count() != 5) || (other && args.count() != 4) || (!start && !other && args.count() != 4)) {
            reply.error("ERR invalid number of parameters");
            return;
        }
        if (!start && !other) {
            legacyStart(ctx, args, reply);
            return;
        }
        Volume volume = VolumeReplies.lookup(volumes, args.string(3), reply);
        if (volume == null) {
            return;
        }
        if (start) {
            double threshold;
            try {
                threshold = Double.parseDouble(args.string(4));
            } catch (NumberFormatException e) {
                reply.error("ERR garbage-threshold must be a number");
                return;
            }
            VolumeReplies.offload(ctx, () -> {
                volume.vacuum().start(threshold);
                return Boolean.TRUE;
            }, (ignored, out) -> out.ok());
        } else if (args.equalsIgnoreCase(2, STOP)) {
            VolumeReplies.offload(ctx, () -> {
                volume.vacuum().stop();
                return Boolean.TRUE;
            }, (ignored, out) -> out.ok());
        } else if (args.equalsIgnoreCase(2, DROP)) {
            VolumeReplies.offload(ctx, () -> {
                volume.vacuum().drop();
                return Boolean.TRUE;
            }, (ignored, out) -> out.ok());
        } else {
            VolumeReplies.offload(ctx, () -> volume.vacuum().status(), VacuumStatusReply::write);
        }
    }

    /** VOLUME.ADMIN VACUUM vol ratio. */
    private void legacyStart(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        double ratio;
        try {
            ratio = Double.parseDouble(args.string(3));
        } catch (NumberFormatException e) {
            ratio = Double.NaN;
        }
        if (!Double.isFinite(ratio)) {
            reply.error("ERR value is not a double or out of range");
            return;
        }
        double threshold = ratio;
        VolumeReplies.offload(ctx, () -> {
            volume.vacuum().start(threshold);
            return Boolean.TRUE;
        }, (ignored, out) -> out.ok());
    }
}
