package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.time.Instant;

/** TIME: [unix seconds, microseconds] as bulk strings, from this member's wall clock. */
final class TimeHandler implements CommandHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        Instant now = Instant.now();
        reply.arrayHeader(2);
        reply.bulk(now.getEpochSecond());
        reply.bulk(now.getNano() / 1000);
    }
}
