package io.kronotop.server.command;

import io.kronotop.server.command.server.Glob;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;

/** The cursor and MATCH / COUNT / TYPE options of SCAN and HSCAN, parsed and checked as Redis does. */
public final class ScanOptions {
    private static final byte[] MATCH = "MATCH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT = "COUNT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "TYPE".getBytes(StandardCharsets.US_ASCII);

    public long cursor;
    public String pattern;
    public long count = 10;
    public String type;
    public String error;

    /** Parses the cursor at {@code cursorArg} alone; sets {@link #error} when it is not one. */
    public ScanOptions cursor(RespArgs args, int cursorArg) {
        try {
            // strtoul's rules: an optional sign, then digits; a '-' negates in unsigned arithmetic.
            String text = args.string(cursorArg);
            boolean negative = !text.isEmpty() && text.charAt(0) == '-';
            String digits = !text.isEmpty() && (negative || text.charAt(0) == '+') ? text.substring(1) : text;
            if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
                throw new NumberFormatException(text);
            }
            cursor = Long.parseUnsignedLong(digits);
            if (negative) {
                cursor = -cursor;
            }
        } catch (NumberFormatException e) {
            error = "ERR invalid cursor";
        }
        return this;
    }

    /** Parses the options from {@code from}; TYPE only when {@code allowType}. */
    public ScanOptions options(RespArgs args, int from, boolean allowType) {
        for (int j = from; j < args.count() && error == null; j += 2) {
            boolean more = j + 1 < args.count();
            if (more && args.equalsIgnoreCase(j, COUNT)) {
                long[] p = new long[1];
                if (!args.tryParseLong(j + 1, p, 0)) {
                    error = RespError.NOT_AN_INTEGER;
                } else if (p[0] < 1) {
                    error = RespError.SYNTAX;
                } else {
                    count = p[0];
                }
            } else if (more && args.equalsIgnoreCase(j, MATCH)) {
                pattern = new String(args.bytes(j + 1), StandardCharsets.ISO_8859_1);
            } else if (more && allowType && args.equalsIgnoreCase(j, TYPE)) {
                type = args.string(j + 1);
            } else {
                error = RespError.SYNTAX;
            }
        }
        return this;
    }

    /** True when {@code key} passes MATCH (a binary-safe glob). */
    public boolean matches(byte[] key) {
        if (pattern == null || pattern.equals("*")) {
            return true;
        }
        return Glob.matches(pattern, new String(key, StandardCharsets.ISO_8859_1), false);
    }
}
