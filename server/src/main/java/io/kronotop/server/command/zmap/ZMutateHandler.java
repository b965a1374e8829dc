package io.kronotop.server.command.zmap;

import com.apple.foundationdb.MutationType;
import java.util.Locale;
import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

/**
 * ZMUTATE key param type: an atomic operation. Types: ADD, BIT_AND, BIT_OR, BIT_XOR, APPEND_IF_FITS, MAX,
 * MIN, BYTE_MIN, BYTE_MAX, COMPARE_AND_CLEAR, SET_VERSIONSTAMPED_KEY, SET_VERSIONSTAMPED_VALUE.
 */
final class ZMutateHandler implements CommandHandler {
    private final ZMapContext z;

    ZMutateHandler(ZMapContext z) {
        this.z = z;
    }

    @Override
    public void execute(CommandContext ctx, RespArgs args, ReplyWriter reply) {
        MutationType type = parse(args.length(3) > 32 ? "" : args.string(3));
        if (type == null) {
            reply.error("ERR Invalid mutation type: " + args.string(3));
            return;
        }
        String ns = z.namespace(ctx);
        byte[] key = args.bytes(1);
        byte[] param = args.bytes(2);
        z.runner().run(ctx, reply, tr -> z.store().mutate(tr, ns, type, key, param), (v, out) -> out.ok());
    }

    private static MutationType parse(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "ADD" -> MutationType.ADD;
            case "BIT_AND" -> MutationType.BIT_AND;
            case "BIT_OR" -> MutationType.BIT_OR;
            case "BIT_XOR" -> MutationType.BIT_XOR;
            case "APPEND_IF_FITS" -> MutationType.APPEND_IF_FITS;
            case "MAX" -> MutationType.MAX;
            case "MIN" -> MutationType.MIN;
            case "BYTE_MIN" -> MutationType.BYTE_MIN;
            case "BYTE_MAX" -> MutationType.BYTE_MAX;
            case "COMPARE_AND_CLEAR" -> MutationType.COMPARE_AND_CLEAR;
            case "SET_VERSIONSTAMPED_KEY" -> MutationType.SET_VERSIONSTAMPED_KEY;
            case "SET_VERSIONSTAMPED_VALUE" -> MutationType.SET_VERSIONSTAMPED_VALUE;
            default -> null;
        };
    }
}
