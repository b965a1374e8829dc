package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGET.I64 key: the stored int64, or nil. */
final class ZGetI64Handler implements CommandHandler {
    private final ZMapContext z;

    ZGetI64Handler(ZMapContext z) {
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
                out.error(RespError.INVALID_I64);
            } else {
                out.integer(ZValues.i64(value));
            }
        });
    }
}
