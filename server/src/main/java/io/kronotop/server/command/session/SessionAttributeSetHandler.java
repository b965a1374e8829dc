package io.kronotop.server.command.session;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** SESSION.ATTRIBUTE SET name value: sets one attribute of this session after validating it. */
final class SessionAttributeSetHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String given = args.string(2);
        String name = SessionAttributes.canonicalName(given);
        if (name == null) {
            reply.error("ERR Invalid session attribute: '" + (given.length() > 128 ? given.substring(0, 128) : given)
                + "'");
            return;
        }
        String value = SessionAttributes.validate(name, args.string(3));
        if (value.startsWith("ERR ")) {
            reply.error(value);
            return;
        }
        ctx.session().attributes().put(name, value);
        reply.ok();
    }
}
