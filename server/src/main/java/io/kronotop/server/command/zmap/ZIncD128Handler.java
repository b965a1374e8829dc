package io.kronotop.server.command.zmap;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import java.math.BigDecimal;

/** ZINC.D128 key delta: read, add, write a decimal128 (a missing key counts as 0). */
final class ZIncD128Handler implements CommandHandler {
    private final ZMapContext z;

    ZIncD128Handler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        BigDecimal delta = ZValues.d128(ZValues.d128(args.string(2)));
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().get(tr, ns, false, key).thenCompose(old -> {
            if (old != null && old.length != 16) {
                throw new CommandException(RespError.INVALID_D128);
            }
            BigDecimal sum = (old == null ? BigDecimal.ZERO : ZValues.d128(old)).add(delta);
            return z.store().set(tr, ns, key, ZValues.d128(sum));
        }), (v, r) -> r.ok());
    }
}
