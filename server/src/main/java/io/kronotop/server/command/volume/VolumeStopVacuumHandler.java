package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;
import io.kronotop.volume.vacuum.VacuumException;

/** VOLUME.ADMIN STOP-VACUUM vol, the older form of VACUUM STOP: OK, or {@code ERR Vacuum task not found on vol}. */
final class VolumeStopVacuumHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeStopVacuumHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        VolumeReplies.offload(ctx, () -> {
            try {
                volume.vacuum().stop();
            } catch (VacuumException e) {
                throw new VacuumException("Vacuum task not found on " + volume.name());
            }
            return Boolean.TRUE;
        }, (ignored, out) -> out.ok());
    }
}
