package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import io.kronotop.server.session.Session;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** CLIENT NO-EVICT ON|OFF and CLIENT NO-TOUCH ON|OFF: accepted and remembered per connection. */
final class ClientFlagHandler implements CommandHandler {
    private static final byte[] ON = "ON".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFF = "OFF".getBytes(StandardCharsets.US_ASCII);

    private final BiConsumer<Session, Boolean> setter;

    ClientFlagHandler(BiConsumer<Session, Boolean> setter) {
        this.setter = setter;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        if (args.equalsIgnoreCase(2, ON)) {
            setter.accept(ctx.session(), Boolean.TRUE);
        } else if (args.equalsIgnoreCase(2, OFF)) {
            setter.accept(ctx.session(), Boolean.FALSE);
        } else {
            reply.error(RespError.SYNTAX);
            return;
        }
        reply.ok();
    }
}
