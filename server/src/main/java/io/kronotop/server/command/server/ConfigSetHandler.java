package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * CONFIG SET parameter value [parameter value ...]: no parameter can change at run time yet, so a known
 * one answers Redis's immutable-config error and an unknown one Redis's unknown-option error.
 */
final class ConfigSetHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.count() % 2 != 0) {
            reply.error(RespError.SYNTAX); // Redis: parameters must come in name-value pairs
            return;
        }
        var known = ConfigParameters.snapshot(ctx.server());
        for (int i = 2; i < args.count(); i += 2) {
            String name = args.string(i);
            if (!known.containsKey(name.toLowerCase(java.util.Locale.ROOT))) {
                reply.error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
                return;
            }
        }
        reply.error("ERR CONFIG SET failed (possibly related to argument '" + args.string(2)
            + "') - can't set immutable config");
    }
}
