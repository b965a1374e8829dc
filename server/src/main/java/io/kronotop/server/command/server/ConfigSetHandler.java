package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * CONFIG SET parameter value [parameter value ...]: {@code maxmemory} changes at run time; any other known
 * parameter answers Redis's immutable-config error and an unknown one Redis's unknown-option error.
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
        long maxMemory = -1;
        for (int i = 2; i < args.count(); i += 2) {
            String name = args.string(i);
            if (!name.equalsIgnoreCase("maxmemory") || ctx.server().redis() == null) {
                reply.error("ERR CONFIG SET failed (possibly related to argument '" + name
                    + "') - can't set immutable config");
                return;
            }
            maxMemory = io.kronotop.server.redis.MemorySize.parse(args.string(i + 1));
            if (maxMemory < 0) {
                reply.error("ERR CONFIG SET failed (possibly related to argument '" + name
                    + "') - argument must be a memory value");
                return;
            }
        }
        ctx.server().redis().maxMemoryBytes(maxMemory);
        reply.ok();
    }
}
