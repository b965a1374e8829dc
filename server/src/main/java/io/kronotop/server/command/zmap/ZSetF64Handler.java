package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZSET.F64 key double: stores a finite double as 8 little-endian bytes (-0.0 as 0.0). */
final class ZSetF64Handler implements CommandHandler {
    private final ZMapContext z;

    ZSetF64Handler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        double d = args.parseDoubleOrNaN(2);
        if (Double.isNaN(d)) {
            reply.error(RespError.NOT_A_FLOAT);
            return;
        }
        if (Double.isInfinite(d)) {
            reply.error(RespError.NOT_FINITE);
            return;
        }
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        byte[] value = ZValues.f64(d);
        z.runner().run(ctx, reply, tr -> z.store().set(tr, ns, key, value), (v, r) -> r.ok());
    }
}
