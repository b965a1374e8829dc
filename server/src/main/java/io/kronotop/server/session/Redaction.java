package io.kronotop.server.session;

import io.kronotop.server.protocol.RespArgs;

import java.util.Arrays;

/**
 * The arguments of a command that MONITOR and the slow log hide, as Redis does: every argument of AUTH, the user
 * name and password after HELLO's AUTH, and the value given to a password parameter by CONFIG SET.
 */
public final class Redaction {
    private Redaction() {
    }

    /** {@code result[i]} is true when argument {@code i} must be shown as {@code (redacted)}. */
    public static boolean[] redacted(RespArgs args) {
        boolean[] redact = new boolean[args.count()];
        String command = args.count() == 0 ? "" : args.string(0);
        if (command.equalsIgnoreCase("auth")) {
            Arrays.fill(redact, 1, redact.length, true);
        } else if (command.equalsIgnoreCase("hello")) {
            for (int j = 2; j + 2 < args.count(); j++) {
                if (args.string(j).equalsIgnoreCase("auth")) {
                    redact[j + 1] = true;
                    redact[j + 2] = true;
                    j += 2;
                }
            }
        } else if (command.equalsIgnoreCase("config") && args.count() > 1 && args.string(1).equalsIgnoreCase("set")) {
            for (int j = 2; j + 1 < args.count(); j += 2) {
                String name = args.string(j);
                if (name.equalsIgnoreCase("requirepass") || name.equalsIgnoreCase("auth.requirepass")) {
                    redact[j + 1] = true;
                }
            }
        }
        return redact;
    }
}
