package io.kronotop.server.redis.persist;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keyspace model shared by {@code StashKillNineChild} and {@code StashKillNineIT}: a string key maps to
 * {@code "<value>@<expiry>"}, a hash to a {@link TreeMap} of its fields plus {@code "@exp"} when it has an expiry.
 */
final class StashKillNineModel {
    static final String EXPIRY_FIELD = "@exp";

    private StashKillNineModel() {
    }

    /** Applies one operation line ({@code S|D|H|X|E ...}, see the child) to {@code model}. */
    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> model, String op) {
        String[] p = op.split(" ");
        String key = p[1];
        switch (p[0]) {
            case "S" -> model.put(key, text(StashKillNineChild.value(p[2])) + "@" + p[3]);
            case "D" -> model.remove(key);
            case "H" -> {
                if (!(model.get(key) instanceof TreeMap<?, ?>)) {
                    model.put(key, new TreeMap<String, String>());
                }
                ((TreeMap<String, String>) model.get(key)).put(p[2], text(StashKillNineChild.value(p[3])));
            }
            case "X" -> {
                if (model.get(key) instanceof TreeMap<?, ?> fields) {
                    fields.remove(p[2]);
                    if (fieldCount(fields) == 0) {
                        model.remove(key);
                    }
                }
            }
            case "E" -> {
                if (model.get(key) instanceof TreeMap<?, ?> fields) {
                    if (Long.parseLong(p[2]) < 0) {
                        fields.remove(EXPIRY_FIELD);
                    } else {
                        ((TreeMap<String, String>) fields).put(EXPIRY_FIELD, p[2]);
                    }
                }
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    static int fieldCount(Map<?, ?> fields) {
        return fields.size() - (fields.containsKey(EXPIRY_FIELD) ? 1 : 0);
    }

    static long counterValue(String state) {
        return Long.parseLong(state.substring(0, state.indexOf('.')));
    }

    /** Owner of a key: the writer number after the first colon. */
    static int owner(String key) {
        String[] parts = key.split(":");
        return Integer.parseInt(parts[1]);
    }

    /** A deep copy of the keys of writer {@code w}. */
    static Map<String, Object> ownedBy(Map<String, Object> model, int w) {
        Map<String, Object> mine = new HashMap<>();
        for (Map.Entry<String, Object> e : model.entrySet()) {
            if (owner(e.getKey()) == w) {
                mine.put(e.getKey(), e.getValue() instanceof TreeMap<?, ?> t ? new TreeMap<>(t) : e.getValue());
            }
        }
        return mine;
    }

    /** Per-slot view: {@code K} for a string, {@code K/f} per hash field, {@code K/@exp} for a hash's expiry. */
    static Map<String, String> slots(Map<String, Object> model) {
        Map<String, String> slots = new HashMap<>();
        for (Map.Entry<String, Object> e : model.entrySet()) {
            if (e.getValue() instanceof TreeMap<?, ?> fields) {
                fields.forEach((f, v) -> slots.put(e.getKey() + "/" + f, (String) v));
            } else {
                slots.put(e.getKey(), (String) e.getValue());
            }
        }
        return slots;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Fills a model from a recovery. */
    static final class Collector implements RecoveryVisitor {
        private final Map<String, Object> model;

        Collector(Map<String, Object> model) {
            this.model = model;
        }

        @Override
        public void onString(byte[] key, byte[] value, long expiryAtMs) {
            model.put(text(key), text(value) + "@" + expiryAtMs);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onHashField(byte[] key, byte[] field, byte[] value) {
            ((TreeMap<String, String>) model.computeIfAbsent(text(key), k -> new TreeMap<String, String>()))
                .put(text(field), text(value));
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onHashExpiry(byte[] key, long expiryAtMs) {
            ((TreeMap<String, String>) model.get(text(key))).put(EXPIRY_FIELD, Long.toString(expiryAtMs));
        }
    }
}
