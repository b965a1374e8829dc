package io.kronotop.server.command.session;

import io.kronotop.server.error.RespError;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The session attributes Kronotop defines, their configured defaults and their validation. Names are listed
 * with a hyphen ({@code reply-type}) as the seed shows them; the underscore spelling ({@code reply_type}) is
 * accepted too. Immutable; shared by every reactor.
 */
public final class SessionAttributes {
    static final String REPLY_TYPE = "reply-type";
    static final String INPUT_TYPE = "input-type";

    private final Map<String, String> defaults;

    /** @param replyType default {@code reply-type}; @param inputType default {@code input-type} */
    public SessionAttributes(String replyType, String inputType) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(REPLY_TYPE, requireEnum(REPLY_TYPE, replyType));
        map.put(INPUT_TYPE, requireEnum(INPUT_TYPE, inputType));
        this.defaults = Map.copyOf(map);
    }

    private static String requireEnum(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("bson") && !v.equals("json")) {
            throw new IllegalArgumentException("session attribute " + name + " must be bson or json, not " + value);
        }
        return v;
    }

    /** The canonical name of an attribute, or null when Kronotop does not define it. */
    static String canonicalName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return n.equals(REPLY_TYPE) || n.equals(INPUT_TYPE) ? n : null;
    }

    /** The normalised value, or the error reply when it is not valid (starts with ERR). */
    static String validate(String canonicalName, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("bson") || v.equals("json")) {
            return v;
        }
        String what = canonicalName.equals(REPLY_TYPE) ? "reply" : "input";
        return RespError.ERR + " Invalid " + what + " type: " + value;
    }

    /** Every attribute with the session's value, defaults filled in, in display order. */
    Map<String, String> effective(Map<String, String> set) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : new String[] {REPLY_TYPE, INPUT_TYPE}) {
            out.put(name, set.getOrDefault(name, defaults.get(name)));
        }
        return out;
    }
}
