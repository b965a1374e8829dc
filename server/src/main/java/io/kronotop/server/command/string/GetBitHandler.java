package io.kronotop.server.command.string;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.KeyspaceHandler;
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
        StringValue v = StringStore.read(ctx.shard(), args.bytes(1), ctx.nowMs());
        reply.integer(v == null ? 0 : Bits.get(v.bytes(), offset));
    }
}
