package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
import io.kronotop.server.protocol.ArgBytes;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;
import io.kronotop.server.redis.Bits;
import io.kronotop.server.redis.StringStore;
import io.kronotop.server.redis.StringValue;

/** GETBIT key offset: 0 for a missing key or past the end of the string. */
final class GetBitHandler implements KeyspaceHandler {
    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long offset = BitArgs.offset(args, 2, 0);
        if (offset < 0) {
            reply.error(Bits.BAD_OFFSET);
            return;
        }
        ArgBytes key = args.arg(1);
        StringValue v = StringStore.read(ctx.shard(), key.array(), key.offset(), key.length(), ctx.nowMs());
        reply.integer(v == null ? 0 : Bits.get(v.array(), offset)); // room after the string is zeros
    }
}
