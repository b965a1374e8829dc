package io.kronotop.server.command.txn;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;

/** SNAPSHOTREAD ON|OFF: ZMap reads of this session become snapshot reads (no read conflicts). */
final class SnapshotReadHandler implements CommandHandler {
    private static final byte[] ON = "ON".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFF = "OFF".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.equalsIgnoreCase(1, ON)) {
            ctx.session().snapshotRead(true);
        } else if (args.equalsIgnoreCase(1, OFF)) {
            ctx.session().snapshotRead(false);
        } else {
            reply.error(RespError.illegalArgument("SNAPSHOTREAD", args.string(1)));
            return;
        }
        reply.ok();
    }
}
