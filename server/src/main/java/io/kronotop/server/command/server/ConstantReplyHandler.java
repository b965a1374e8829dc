package io.kronotop.server.command.server;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * The subcommands whose answer is fixed because the feature behind them holds nothing here (no functions, no
 * latency samples, no slow log entries): OK, zero, an empty array or map, or an error.
 */
final class ConstantReplyHandler implements CommandHandler {
    enum Kind { OK, ZERO, EMPTY_ARRAY, EMPTY_MAP, ERROR }

    private final Kind kind;
    private final String error;

    ConstantReplyHandler(Kind kind) {
        this(kind, null);
    }

    ConstantReplyHandler(Kind kind, String error) {
        this.kind = kind;
        this.error = error;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        switch (kind) {
            case OK -> reply.ok();
            case ZERO -> reply.integer(0);
            case EMPTY_ARRAY -> reply.arrayHeader(0);
            case EMPTY_MAP -> reply.mapHeader(0);
            case ERROR -> reply.error(error);
            default -> throw new IllegalStateException(kind.name());
        }
    }
}
