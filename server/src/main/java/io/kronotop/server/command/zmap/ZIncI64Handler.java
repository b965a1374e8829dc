package io.kronotop.server.command.zmap;

import com.apple.foundationdb.MutationType;
import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZINC.I64 key delta: atomic little-endian ADD, so concurrent increments never conflict; wraps on overflow. */
final class ZIncI64Handler implements CommandHandler {
    private final ZMapContext z;

    ZIncI64Handler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        long[] out = new long[1];
        if (!args.tryParseLong(2, out, 0)) {
            reply.error(RespError.NOT_AN_INTEGER);
            return;
        }
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        byte[] delta = ZValues.i64(out[0]);
        z.runner().run(ctx, reply, tr -> z.store().mutate(tr, ns, MutationType.ADD, key, delta), (v, r) -> r.ok());
    }
}
