package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.command.ServerContext;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.session.Session;

import java.nio.charset.StandardCharsets;

/**
 * HELLO [protover [AUTH username password] [SETNAME clientname]]: negotiates RESP2/RESP3, optionally
 * authenticates and names the connection, and answers with the server's description in the new protocol.
 */
final class HelloHandler implements CommandHandler {
    private static final byte[] AUTH = "AUTH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SETNAME = "SETNAME".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Session session = ctx.session();
        int protocol = session.protocol();
        if (args.count() >= 2) {
            long version = args.parseLongOr(1, Long.MIN_VALUE);
            if (version == Long.MIN_VALUE) {
                reply.error(RespError.PROTOCOL_VERSION_NOT_INTEGER);
                return;
            }
            if (version != 2 && version != 3) {
                reply.error(RespError.NOPROTO);
                return;
            }
            protocol = (int) version;
        }
        String user = null;
        byte[] password = null;
        String name = null;
        for (int i = 2; i < args.count(); ) {
            boolean more = i + 1 < args.count();
            if (args.equalsIgnoreCase(i, AUTH) && i + 2 < args.count()) {
                user = args.string(i + 1);
                password = args.bytes(i + 2);
                i += 3;
            } else if (args.equalsIgnoreCase(i, SETNAME) && more) {
                name = args.string(i + 1);
                i += 2;
            } else {
                reply.error(RespError.helloSyntax(args.string(i)));
                return;
            }
        }
        if (user != null) {
            if (!Authenticator.check(ctx.server().config(), user, password)) {
                reply.error(RespError.WRONGPASS);
                return;
            }
            session.authenticated(true);
        }
        if (!session.authenticated()) {
            reply.error(RespError.HELLO_NOAUTH);
            return;
        }
        if (name != null) {
            if (!ClientNames.valid(name)) {
                reply.error(RespError.INVALID_CLIENT_NAME);
                return;
            }
            session.name(name);
        }
        session.protocol(protocol);
        reply.protocol(protocol);
        reply.mapHeader(8);
        reply.bulk("server");
        reply.bulk("kronotop");
        reply.bulk("version");
        reply.bulk(ServerContext.REDIS_COMPAT_VERSION);
        reply.bulk("proto");
        reply.integer(protocol);
        reply.bulk("id");
        reply.integer(session.id());
        reply.bulk("mode");
        reply.bulk("cluster");
        reply.bulk("role");
        reply.bulk("master");
        reply.bulk("modules");
        reply.arrayHeader(0);
        reply.bulk("kronotop_version");
        reply.bulk(ServerContext.VERSION);
    }
}
