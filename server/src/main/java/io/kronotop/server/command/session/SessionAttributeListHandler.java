package io.kronotop.server.command.session;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.util.Map;

/** SESSION.ATTRIBUTE LIST: a map (RESP3) or flat array (RESP2) of every attribute and its value. */
final class SessionAttributeListHandler implements CommandHandler {
    private final SessionAttributes attributes;

    SessionAttributeListHandler(SessionAttributes attributes) {
        this.attributes = attributes;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Map<String, String> values = attributes.effective(ctx.session().attributes());
        reply.mapHeader(values.size());
        for (Map.Entry<String, String> e : values.entrySet()) {
            reply.simpleString(e.getKey());
            reply.simpleString(e.getValue());
        }
    }
}
