package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZSET.I64 key int64: stores 8 little-endian bytes. */
final class ZSetI64Handler implements CommandHandler {
    private final ZMapContext z;

    ZSetI64Handler(ZMapContext z) {
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
        byte[] value = ZValues.i64(out[0]);
        z.runner().run(ctx, reply, tr -> z.store().set(tr, ns, key, value), (v, r) -> r.ok());
    }
}
