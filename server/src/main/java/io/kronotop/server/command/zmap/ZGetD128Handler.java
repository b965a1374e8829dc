package io.kronotop.server.command.zmap;

import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZGET.D128 key: the stored decimal128 as a plain decimal string, or nil. */
final class ZGetD128Handler implements CommandHandler {
    private final ZMapContext z;

    ZGetD128Handler(ZMapContext z) {
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
            } else if (value.length != 16) {
                out.error(RespError.INVALID_D128);
            } else {
                out.bulk(ZValues.d128(value).toPlainString());
            }
        });
    }
}
