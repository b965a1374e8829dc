package io.kronotop.server.redis.persist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The slots of one key: a string, or a hash's fields and expiry (both while a type change settles). */
final class KeyState {
    final ByteKey key;
    Slot string;
    Slot hashExpiry;
    Map<ByteKey, Slot> fields;

    KeyState(ByteKey key) {
        this.key = key;
    }

    boolean hasHashSlots() {
        return hashExpiry != null || (fields != null && !fields.isEmpty());
    }

    boolean empty() {
        return string == null && !hasHashSlots();
    }

    /** Every slot of the key, a copy. */
    List<Slot> slots() {
        List<Slot> all = new ArrayList<>(1 + (fields == null ? 0 : fields.size()));
        if (string != null) {
            all.add(string);
        }
        all.addAll(hashSlots());
        return all;
    }

    /** The hash's slots (fields and expiry), a copy. */
    List<Slot> hashSlots() {
        List<Slot> all = new ArrayList<>((fields == null ? 0 : fields.size()) + 1);
        if (hashExpiry != null) {
            all.add(hashExpiry);
        }
        if (fields != null) {
            all.addAll(fields.values());
        }
        return all;
    }

    Slot field(ByteKey probe) {
        return fields == null ? null : fields.get(probe);
    }

    Slot addField(byte[] field) {
        if (fields == null) {
            fields = new HashMap<>(4);
        }
        ByteKey fieldKey = new ByteKey(field);
        Slot slot = new Slot(this, fieldKey, StashRecordDescriptor.TYPE_HASH_FIELD);
        fields.put(fieldKey, slot);
        return slot;
    }

    /** Removes an idle slot; true when the key has no slot left. */
    boolean remove(Slot slot) {
        if (slot == string) {
            string = null;
        } else if (slot == hashExpiry) {
            hashExpiry = null;
        } else if (fields != null && fields.get(slot.field) == slot) {
            fields.remove(slot.field);
            if (fields.isEmpty()) {
                fields = null;
            }
        }
        return empty();
    }
}
