package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.vacuum.StalePrefixTask;

/**
 * VOLUME.ADMIN MARK-STALE-PREFIXES START|STOP|REMOVE: starts, stops or removes the background task that removes the
 * entries of stale prefixes from every open volume; OK, or {@code ERR invalid operation: <op>} and the task's errors.
 */
final class VolumeMarkStalePrefixesHandler implements CommandHandler {
    private static final byte[] START = {'S', 'T', 'A', 'R', 'T'};
    private static final byte[] STOP = {'S', 'T', 'O', 'P'};
    private static final byte[] REMOVE = {'R', 'E', 'M', 'O', 'V', 'E'};

    private final StalePrefixTask task;

    VolumeMarkStalePrefixesHandler(StalePrefixTask task) {
        this.task = task;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long nowMs = ctx.nowMs();
        if (args.equalsIgnoreCase(2, START)) {
            VolumeReplies.offload(ctx, () -> {
                task.start(nowMs);
                return Boolean.TRUE;
            }, (ignored, out) -> out.ok());
        } else if (args.equalsIgnoreCase(2, STOP)) {
            VolumeReplies.offload(ctx, () -> {
                task.stop();
                return Boolean.TRUE;
            }, (ignored, out) -> out.ok());
        } else if (args.equalsIgnoreCase(2, REMOVE)) {
            VolumeReplies.offload(ctx, () -> {
                task.remove();
                return Boolean.TRUE;
            }, (ignored, out) -> out.ok());
        } else {
            reply.error("ERR invalid operation: " + args.string(2));
        }
    }
}
