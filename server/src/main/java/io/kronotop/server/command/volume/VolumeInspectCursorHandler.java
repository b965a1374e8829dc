package io.kronotop.server.command.volume;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.volume.Volume;

/**
 * VOLUME.INSPECT CURSOR vol: {@code {active_segment_id, versionstamp (base32hex of the newest changelog record's
 * versionstamp, or ""), next_position, sequence_number (-1 when the changelog is empty or pruned)}}.
 */
final class VolumeInspectCursorHandler implements CommandHandler {
    private final Volumes volumes;

    VolumeInspectCursorHandler(Volumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Volume volume = VolumeReplies.lookup(volumes, args.string(2), reply);
        if (volume == null) {
            return;
        }
        VolumeReplies.offload(ctx, () -> volume.maintenance().cursor(), (cursor, out) -> {
            out.mapHeader(4);
            out.simpleString("active_segment_id");
            out.integer(cursor.activeSegmentId());
            out.simpleString("versionstamp");
            out.bulk(cursor.versionstamp() == null ? "" : Base32Hex.encode(cursor.versionstamp().getBytes()));
            out.simpleString("next_position");
            out.integer(cursor.nextPosition());
            out.simpleString("sequence_number");
            out.integer(cursor.sequenceNumber());
        });
    }
}
