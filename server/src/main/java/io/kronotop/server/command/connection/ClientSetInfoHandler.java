package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;

/** CLIENT SETINFO LIB-NAME|LIB-VER value. */
final class ClientSetInfoHandler implements CommandHandler {
    private static final byte[] LIB_NAME = "LIB-NAME".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIB_VER = "LIB-VER".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean name = args.equalsIgnoreCase(2, LIB_NAME);
        if (!name && !args.equalsIgnoreCase(2, LIB_VER)) {
            reply.error("ERR Unrecognized option '" + args.string(2) + "'");
            return;
        }
        String value = args.string(3);
        if (!ClientNames.valid(value)) {
            reply.error("ERR " + (name ? "lib-name" : "lib-ver")
                + " cannot contain spaces, newlines or special characters.");
            return;
        }
        if (name) {
            ctx.session().libName(value);
        } else {
            ctx.session().libVersion(value);
        }
        reply.ok();
    }
}
