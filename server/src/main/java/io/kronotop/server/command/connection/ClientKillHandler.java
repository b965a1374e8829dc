package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import io.kronotop.server.session.ClientConnection;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT KILL ip:port (old form: OK or an error), or CLIENT KILL with filters ID, ADDR, LADDR, USER, SKIPME,
 * MAXAGE (new form: the number of clients killed).
 */
final class ClientKillHandler implements CommandHandler {
    private static final byte[] ID = "ID".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADDR = "ADDR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LADDR = "LADDR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER = "USER".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SKIPME = "SKIPME".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAXAGE = "MAXAGE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "TYPE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] YES = "YES".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO = "NO".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() == 3) {
            String addr = args.string(2);
            for (ClientConnection client : ctx.server().clients().snapshot()) {
                if (ClientLines.address(client.session().remote()).equals(addr)) {
                    client.kill();
                    reply.ok();
                    return;
                }
            }
            reply.error(RespError.NO_SUCH_CLIENT);
            return;
        }
        if (args.count() % 2 != 0) {
            reply.error(RespError.SYNTAX);
            return;
        }
        long id = 0;
        String addr = null;
        String laddr = null;
        long maxAgeSec = 0;
        boolean skipMe = true;
        boolean noneOfType = false;
        for (int i = 2; i < args.count(); i += 2) {
            if (args.equalsIgnoreCase(i, ID)) {
                id = args.parseLongOr(i + 1, -1);
                if (id <= 0) {
                    reply.error("ERR client-id should be greater than 0");
                    return;
                }
            } else if (args.equalsIgnoreCase(i, ADDR)) {
                addr = args.string(i + 1);
            } else if (args.equalsIgnoreCase(i, LADDR)) {
                laddr = args.string(i + 1);
            } else if (args.equalsIgnoreCase(i, USER)) {
                if (!args.string(i + 1).equals("default")) {
                    reply.error("ERR No such user '" + args.string(i + 1) + "'");
                    return;
                }
            } else if (args.equalsIgnoreCase(i, MAXAGE)) {
                maxAgeSec = args.parseLongOr(i + 1, -1);
                if (maxAgeSec < 0) {
                    reply.error(RespError.NOT_AN_INTEGER);
                    return;
                }
            } else if (args.equalsIgnoreCase(i, TYPE)) {
                // Every connection is a normal client; master, replica and pubsub match none.
                String type = args.string(i + 1).toLowerCase(java.util.Locale.ROOT);
                switch (type) {
                    case "normal" -> { }
                    case "master", "replica", "slave", "pubsub" -> noneOfType = true;
                    default -> {
                        reply.error("ERR Unknown client type '" + args.string(i + 1) + "'");
                        return;
                    }
                }
            } else if (args.equalsIgnoreCase(i, SKIPME)) {
                if (args.equalsIgnoreCase(i + 1, YES)) {
                    skipMe = true;
                } else if (args.equalsIgnoreCase(i + 1, NO)) {
                    skipMe = false;
                } else {
                    reply.error(RespError.SYNTAX);
                    return;
                }
            } else {
                reply.error(RespError.SYNTAX);
                return;
            }
        }
        int killed = 0;
        for (ClientConnection client : ctx.server().clients().snapshot()) {
            var s = client.session();
            boolean match = !noneOfType && (id == 0 || s.id() == id)
                && (addr == null || ClientLines.address(s.remote()).equals(addr))
                && (laddr == null || ClientLines.address(s.local()).equals(laddr))
                && (maxAgeSec == 0 || (ctx.nowMs() - s.createdAtMs()) / 1000 >= maxAgeSec)
                && !(skipMe && s.id() == ctx.session().id());
            if (match) {
                client.kill();
                killed++;
            }
        }
        reply.integer(killed);
    }
}
