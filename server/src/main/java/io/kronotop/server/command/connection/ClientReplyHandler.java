package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT REPLY ON|OFF|SKIP, as in Redis: OFF drops every reply (errors included) until ON, whose OK is sent; SKIP
 * drops the next command's reply. OFF and SKIP answer nothing themselves. The connection applies the mode
 * (ConnectionHandler), to replies that wait for durability or another reactor as well.
 */
final class ClientReplyHandler implements CommandHandler {
    private static final byte[] ON = "ON".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFF = "OFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SKIP = "SKIP".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.equalsIgnoreCase(2, ON)) {
            ctx.session().replyModeOn();
            reply.ok();
        } else if (args.equalsIgnoreCase(2, OFF)) {
            ctx.session().replyModeOff();
        } else if (args.equalsIgnoreCase(2, SKIP)) {
            ctx.session().replyModeSkip();
        } else {
            reply.error(RespError.SYNTAX);
        }
    }
}
