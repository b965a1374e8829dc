package io.kronotop.server.command.zmap;

import com.apple.foundationdb.KeySelector;
import io.kronotop.server.protocol.RespArgs;

import java.util.Locale;

/** The four key selectors, parsed case-insensitively from an argument. */
enum Selector {
    FIRST_GREATER_OR_EQUAL, FIRST_GREATER_THAN, LAST_LESS_THAN, LAST_LESS_OR_EQUAL;

    KeySelector of(byte[] key) {
        return switch (this) {
            case FIRST_GREATER_OR_EQUAL -> KeySelector.firstGreaterOrEqual(key);
            case FIRST_GREATER_THAN -> KeySelector.firstGreaterThan(key);
            case LAST_LESS_THAN -> KeySelector.lastLessThan(key);
            case LAST_LESS_OR_EQUAL -> KeySelector.lastLessOrEqual(key);
        };
    }

    /** The selector named by argument {@code i}, or null. */
    static Selector parse(RespArgs args, int i) {
        if (args.length(i) > 32) {
            return null;
        }
        String name = args.string(i).toUpperCase(Locale.ROOT).replace('-', '_');
        for (Selector s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
