package io.kronotop.server.redis.persist;

import io.kronotop.server.error.MetastoreErrors;
import io.kronotop.server.redis.Bytes;
import io.kronotop.server.redis.HashValue;
import io.kronotop.server.redis.RedisShard;
import io.kronotop.server.redis.RedisValue;
import io.kronotop.server.redis.ShardWriteListener;
import io.kronotop.server.redis.StringValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns the keys a command changed into {@link ShardPersistence} calls, and hands the command the stage its reply
 * waits for (durability in sync mode; completed at once in async mode unless the backlog is full). The mapping:
 * <ul>
 *   <li>a string written (SET, INCR, RESTORE, COPY, RENAME's target): {@code putString} with the value and expiry
 *       it has now;</li>
 *   <li>a string changed in place or grown (SETRANGE, SETBIT, BITFIELD, APPEND of an existing key) or whose expiry
 *       alone changed (EXPIRE, PERSIST, GETEX): {@code patchString} with the range that changed;</li>
 *   <li>a hash field set or deleted in place (HSET, HINCRBY, HDEL): {@code putHashField} / {@code
 *       deleteHashField}; HDEL of the last field deletes the key, which arrives as a key delete;</li>
 *   <li>a new hash object stored under the key (HSET of a new key, RESTORE, COPY, RENAME's target): every field it
 *       has at the end of the command, after deleting the entries of a hash it replaced; field changes of that
 *       same object later in the command are then covered;</li>
 *   <li>the expiry of a hash changed: {@code setHashExpiry};</li>
 *   <li>a key deleted or expired (DEL, GETDEL, RENAME's source, lazy or active expiry): {@code deleteKey};</li>
 *   <li>{@link ShardWriteListener.KeyChange#FLUSH} (FLUSHDB, FLUSHALL): {@code clear()}.</li>
 * </ul>
 * Commands changing several keys (MSET, EXEC, RENAME) wait for all their changes. Owner reactor only.
 */
final class PersistingWriteListener implements ShardWriteListener {
    private final ShardPersistence persistence;
    private final List<CompletableFuture<?>> waits = new ArrayList<>();
    private final Set<HashValue> written = Collections.newSetFromMap(new IdentityHashMap<>());

    PersistingWriteListener(ShardPersistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public CompletionStage<?> onWrite(RedisShard shard, List<KeyChange> changes) {
        try {
            for (int i = 0; i < changes.size(); i++) {
                apply(changes.get(i));
            }
        } catch (IllegalStateException e) {
            // persistence closed under us (the shard is being handed over): the command cannot be made durable
            waits.add(CompletableFuture.failedFuture(e));
        }
        try {
            if (waits.isEmpty()) {
                return null;
            }
            return waits.size() == 1 ? waits.getFirst()
                : CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]));
        } finally {
            waits.clear();
            written.clear();
        }
    }

    @Override
    public String writeRefusal() {
        Throwable error = persistence.writeError();
        return error == null ? null : misconf(persistence.volumeName(), error);
    }

    @Override
    public CompletionStage<?> persistAll() {
        try {
            return persistence.flush();
        } catch (IllegalStateException e) {
            // persistence closed under us (the shard is being handed over, which flushes it)
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<?> rewriteLog() {
        return persistence.rewrite();
    }

    /** Redis's reply while its AOF cannot be written, naming the shard's volume and the cause, on one line. */
    static String misconf(String volume, Throwable error) {
        Throwable cause = MetastoreErrors.unwrap(error);
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return "MISCONF Errors writing to volume " + volume + ": " + why.replace('\r', ' ').replace('\n', ' ');
    }

    private void apply(KeyChange c) {
        if (c == KeyChange.FLUSH) {
            written.clear();
            track(persistence.clear());
            return;
        }
        RedisValue value = c.newValue();
        byte[] key = c.key();
        long expiry = c.expireAtMs() < 0 ? ShardPersistence.NO_EXPIRY : c.expireAtMs();
        if (value == null) {
            track(persistence.deleteKey(key));
        } else if (value instanceof StringValue s) {
            track(c.ranged()
                ? persistence.patchString(key, s.array(), s.length(), c.rangeFrom(), c.rangeTo(), expiry,
                    c.oldValue() == null)
                : persistence.putString(key, s.array(), s.length(), expiry));
        } else if (value instanceof HashValue h) {
            if (c.field() != null) {
                if (!written.contains(h)) {
                    track(c.fieldValue() != null ? persistence.putHashField(key, c.field(), c.fieldValue())
                        : persistence.deleteHashField(key, c.field()));
                }
            } else if (c.oldValue() == h) {
                track(persistence.setHashExpiry(key, expiry));
            } else {
                writeWholeHash(key, c.oldValue(), h, expiry);
            }
        }
    }

    private void writeWholeHash(byte[] key, RedisValue old, HashValue h, long expiry) {
        if (old instanceof HashValue) {
            track(persistence.deleteKey(key));
        }
        written.add(h);
        for (Map.Entry<Bytes, byte[]> field : h.fields().entrySet()) {
            track(persistence.putHashField(key, field.getKey().bytes(), field.getValue()));
        }
        if (expiry >= 0 && h.size() > 0) {
            track(persistence.setHashExpiry(key, expiry));
        }
    }

    private void track(CompletionStage<Void> stage) {
        CompletableFuture<Void> f = stage.toCompletableFuture();
        if (!f.isDone() || f.isCompletedExceptionally()) {
            waits.add(f);
        }
    }
}
