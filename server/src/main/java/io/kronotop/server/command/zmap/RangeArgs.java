package io.kronotop.server.command.zmap;

import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;

/**
 * Parses {@code begin end [LIMIT n] [REVERSE] [BEGIN_KEY_SELECTOR s] [END_KEY_SELECTOR s]}. By default a
 * range is half-open, {@code [begin, end)}, as the seed's examples show; the selectors override that.
 */
final class RangeArgs {
    static final int DEFAULT_LIMIT = 100;
    private static final byte[] LIMIT = "LIMIT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REVERSE = "REVERSE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BEGIN_SEL = "BEGIN_KEY_SELECTOR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_SEL = "END_KEY_SELECTOR".getBytes(StandardCharsets.US_ASCII);

    final ZMapStore.Range range;
    final int limit;
    final boolean reverse;

    private RangeArgs(ZMapStore.Range range, int limit, boolean reverse) {
        this.range = range;
        this.limit = limit;
        this.reverse = reverse;
    }

    /** The key at {@code i}, or null for {@code *}. */
    static byte[] bound(RespArgs args, int i) {
        return args.length(i) == 1 && args.byteAt(i, 0) == '*' ? null : args.bytes(i);
    }

    /** Parses from argument 1; throws {@link CommandException} on a bad option. */
    static RangeArgs parse(RespArgs args, boolean options) {
        Selector beginSel = Selector.FIRST_GREATER_OR_EQUAL;
        Selector endSel = Selector.FIRST_GREATER_OR_EQUAL;
        int limit = DEFAULT_LIMIT;
        boolean reverse = false;
        for (int i = 3; i < args.count(); i++) {
            if (!options) {
                throw new CommandException(RespError.SYNTAX);
            }
            if (args.equalsIgnoreCase(i, LIMIT) && i + 1 < args.count()) {
                long value = args.parseLongOr(++i, Long.MIN_VALUE);
                if (value < 0 || value > Integer.MAX_VALUE) {
                    throw new CommandException(RespError.NOT_AN_INTEGER);
                }
                limit = (int) value;
            } else if (args.equalsIgnoreCase(i, REVERSE)) {
                reverse = true;
            } else if ((args.equalsIgnoreCase(i, BEGIN_SEL) || args.equalsIgnoreCase(i, END_SEL))
                && i + 1 < args.count()) {
                boolean begin = args.equalsIgnoreCase(i, BEGIN_SEL);
                Selector s = Selector.parse(args, ++i);
                if (s == null) {
                    throw new CommandException("ERR Invalid key selector: " + args.string(i));
                }
                if (begin) {
                    beginSel = s;
                } else {
                    endSel = s;
                }
            } else {
                throw new CommandException(RespError.SYNTAX);
            }
        }
        ZMapStore.Range range = new ZMapStore.Range(bound(args, 1), beginSel, bound(args, 2), endSel);
        return new RangeArgs(range, limit, reverse);
    }
}
