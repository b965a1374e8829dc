package io.kronotop.server.command.zmap;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/** ZINC.F64 key delta: read, add, write (a missing key counts as 0); can conflict like any read-modify-write. */
final class ZIncF64Handler implements CommandHandler {
    private final ZMapContext z;

    ZIncF64Handler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        double delta = args.parseDoubleOrNaN(2);
        if (Double.isNaN(delta)) {
            reply.error(RespError.NOT_A_FLOAT);
            return;
        }
        if (Double.isInfinite(delta)) {
            reply.error(RespError.NOT_FINITE);
            return;
        }
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        z.runner().run(ctx, reply, tr -> z.store().get(tr, ns, false, key).thenCompose(old -> {
            if (old != null && old.length != 8) {
                throw new CommandException(RespError.INVALID_F64);
            }
            double sum = (old == null ? 0.0 : ZValues.f64(old)) + delta;
            if (!Double.isFinite(sum)) {
                throw new CommandException(RespError.F64_OVERFLOW);
            }
            return z.store().set(tr, ns, key, ZValues.f64(sum));
        }), (v, r) -> r.ok());
    }
}
