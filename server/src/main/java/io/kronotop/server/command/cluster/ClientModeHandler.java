package io.kronotop.server.command.cluster;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * READONLY, READWRITE and ASKING: accepted with OK so cluster clients can send them. There are no replica
 * reads and no slot migrations, so no mode changes what a command does: every key is served by its primary.
 */
final class ClientModeHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        reply.ok();
    }
}
