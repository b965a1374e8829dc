package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** PING [message]: PONG, or the message as a bulk string. */
final class PingHandler implements CommandHandler {
    private static final byte[] PONG = {'P', 'O', 'N', 'G'};

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() > 2) {
            reply.error(RespError.wrongArity("ping"));
        } else if (args.count() == 2) {
            reply.bulk(args.slice(1), 0, args.length(1));
        } else {
            reply.simpleString(PONG);
        }
    }
}
