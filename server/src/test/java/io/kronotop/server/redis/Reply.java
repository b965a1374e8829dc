package io.kronotop.server.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One RESP reply kept exactly: its type byte, its line or bulk bytes, its elements. Two replies are equal when
 * the server sent the same thing (a map's entries are its elements, key then value).
 */
record Reply(char type, byte[] data, List<Reply> elements) {
    static Reply scalar(char type, byte[] data) {
        return new Reply(type, data, List.of());
    }

    boolean isError() {
        return type == '-' || type == '!';
    }

    /** The same reply with its elements sorted (for replies whose order is unspecified); maps by entry. */
    Reply sorted() {
        if (elements.isEmpty()) {
            return this;
        }
        if (type == '%') {
            List<List<Reply>> pairs = new ArrayList<>();
            for (int i = 0; i < elements.size(); i += 2) {
                pairs.add(List.of(elements.get(i), elements.get(i + 1)));
            }
            pairs.sort(Comparator.comparing(p -> p.get(0).toString()));
            List<Reply> flat = new ArrayList<>();
            pairs.forEach(flat::addAll);
            return new Reply(type, data, flat);
        }
        List<Reply> copy = new ArrayList<>(elements);
        copy.sort(Comparator.comparing(Reply::toString));
        return new Reply(type, data, copy);
    }

    /** Only the shape: type and, for aggregates, the element count (for values that vary, such as PTTL). */
    Reply shape() {
        return new Reply(type, new byte[0], List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && r.type == type && Arrays.equals(r.data, data) && r.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(type);
        for (int i = 0; i < Math.min(data.length, 300); i++) {
            int c = data[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
            }
        }
        if (data.length > 300) {
            sb.append("...(").append(data.length).append(" bytes)");
        }
        if (!elements.isEmpty() || "*%~>".indexOf(type) >= 0) {
            sb.append(elements);
        }
        return sb.toString();
    }

    static Reply simple(String text) {
        return scalar('+', text.getBytes(StandardCharsets.UTF_8));
    }
}
