package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.LinkedHashMap;
import java.util.Map;

/** CONFIG GET pattern [pattern ...]: a map of every matching parameter (glob, case-insensitive). */
final class ConfigGetHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Map<String, String> all = ConfigParameters.snapshot(ctx.server());
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < args.count(); i++) {
            String pattern = args.string(i);
            all.forEach((name, value) -> {
                if (Glob.matches(pattern, name, true)) {
                    matched.put(name, value);
                }
            });
        }
        reply.mapHeader(matched.size());
        matched.forEach((name, value) -> {
            reply.bulk(name);
            reply.bulk(value);
        });
    }
}
