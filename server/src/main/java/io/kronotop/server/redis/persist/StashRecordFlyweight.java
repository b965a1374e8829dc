package io.kronotop.server.redis.persist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.kronotop.server.redis.persist.StashRecordDescriptor.EXPIRY_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.FIELD_LENGTH_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.FLAGS_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.HEADER_LENGTH;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.INT;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.KEY_LENGTH_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.LONG;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.SEQUENCE_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.SHORT;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_EXPIRY;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_HASH_FIELD;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.TYPE_STRING;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.VALUE_LENGTH_OFFSET;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.VERSION;
import static io.kronotop.server.redis.persist.StashRecordDescriptor.VERSION_OFFSET;

/**
 * A view over one stash record ({@link StashRecordDescriptor}). {@link #tryWrap} checks the version, type, flags
 * and that the lengths add up to the record's size before any part is read. Reused; wrap per record, do not keep.
 */
final class StashRecordFlyweight {
    private MemorySegment record;
    private int keyLength;
    private int fieldLength;
    private int valueLength;

    /** Wraps {@code segment}; false (and nothing readable) when it is not a valid version-1 record. */
    boolean tryWrap(MemorySegment segment) {
        record = null;
        if (segment.byteSize() < HEADER_LENGTH) {
            return false;
        }
        byte version = segment.get(ValueLayout.JAVA_BYTE, VERSION_OFFSET);
        byte type = segment.get(ValueLayout.JAVA_BYTE, TYPE_OFFSET);
        if (version != VERSION || segment.get(SHORT, FLAGS_OFFSET) != 0
            || (type != TYPE_STRING && type != TYPE_HASH_FIELD && type != TYPE_HASH_EXPIRY)) {
            return false;
        }
        int k = segment.get(INT, KEY_LENGTH_OFFSET);
        int f = segment.get(INT, FIELD_LENGTH_OFFSET);
        int v = segment.get(INT, VALUE_LENGTH_OFFSET);
        if (k < 0 || f < 0 || v < 0 || StashRecordDescriptor.recordLength(k, f, v) != segment.byteSize()
            || (type != TYPE_HASH_FIELD && f != 0) || (type == TYPE_HASH_EXPIRY && v != 0)) {
            return false;
        }
        record = segment;
        keyLength = k;
        fieldLength = f;
        valueLength = v;
        return true;
    }

    byte type() {
        return record.get(ValueLayout.JAVA_BYTE, TYPE_OFFSET);
    }

    long sequence() {
        return record.get(LONG, SEQUENCE_OFFSET);
    }

    /** Absolute expiry in ms, or {@link StashRecordDescriptor#NO_EXPIRY}. */
    long expiryAtMs() {
        long expiry = record.get(LONG, EXPIRY_OFFSET);
        return expiry < 0 ? StashRecordDescriptor.NO_EXPIRY : expiry;
    }

    byte[] key() {
        return record.asSlice(HEADER_LENGTH, keyLength).toArray(ValueLayout.JAVA_BYTE);
    }

    byte[] field() {
        return record.asSlice(HEADER_LENGTH + keyLength, fieldLength).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The value as a zero-copy slice of the record. */
    MemorySegment value() {
        return record.asSlice((long) HEADER_LENGTH + keyLength + fieldLength, valueLength);
    }
}
