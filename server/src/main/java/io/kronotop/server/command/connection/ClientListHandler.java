package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import io.kronotop.server.session.ClientConnection;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]]. */
final class ClientListHandler implements CommandHandler {
    private static final byte[] TYPE = "TYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "ID".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NORMAL = "NORMAL".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        boolean onlyNormal = true;
        boolean none = false;
        Set<Long> ids = null;
        int i = 2;
        while (i < args.count()) {
            if (args.equalsIgnoreCase(i, TYPE) && i + 1 < args.count()) {
                String type = args.string(i + 1).toLowerCase(java.util.Locale.ROOT);
                if (!type.equals("normal") && !type.equals("master") && !type.equals("replica")
                    && !type.equals("slave") && !type.equals("pubsub")) {
                    reply.error("ERR Unknown client type '" + args.string(i + 1) + "'");
                    return;
                }
                none = !args.equalsIgnoreCase(i + 1, NORMAL);
                i += 2;
            } else if (args.equalsIgnoreCase(i, ID) && i + 1 < args.count()) {
                ids = new HashSet<>();
                long[] id = new long[1];
                for (i = i + 1; i < args.count(); i++) {
                    // Like Redis, any integer is accepted; ids that match no client (0, negative) list nothing.
                    if (!args.tryParseLong(i, id, 0)) {
                        reply.error("ERR Invalid client ID");
                        return;
                    }
                    ids.add(id[0]);
                }
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (onlyNormal && !none) {
            for (ClientConnection client : ctx.server().clients().snapshot()) {
                if (ids == null || ids.contains(client.session().id())) {
                    sb.append(ClientLines.line(client, ctx.nowMs()));
                }
            }
        }
        reply.verbatim("txt", sb.toString());
    }
}
