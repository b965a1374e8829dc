package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGET.F64 key: the stored double (a RESP3 double; a bulk string in RESP2), or nil. */
final class ZGetF64Handler implements CommandHandler {
    private final ZMapContext z;

    ZGetF64Handler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        String ns = z.namespace(ctx);
        boolean snapshot = ctx.session().snapshotRead();
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().get(tr, ns, snapshot, key), (value, out) -> {
            if (value == null) {
                out.nullBulk();
            } else if (value.length != 8) {
                out.error(RespError.INVALID_F64);
            } else {
                out.doubleValue(ZValues.f64(value));
            }
        });
    }
}
