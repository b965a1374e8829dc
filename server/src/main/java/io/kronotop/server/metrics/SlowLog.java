package io.kronotop.server.metrics;

import io.kronotop.server.protocol.RespArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Redis's slow log: the commands whose execution took at least {@link #thresholdMicros()} (negative: none, 0:
 * every command), newest first, at most {@link #maxLength()} of them. The time is the command's own, on the reactor
 * that ran it: not the wait for a write's durability, nor a blocked command's wait. Entries keep at most
 * {@value #MAX_ARGS} arguments of at most {@value #MAX_ARG_BYTES} bytes each, as Redis does.
 *
 * <p>Any thread. {@link #logs(long)} is one volatile read, for every command; the rest is synchronized (slow
 * commands and SLOWLOG only).
 */
public final class SlowLog {
    static final int MAX_ARGS = 32;
    static final int MAX_ARG_BYTES = 128;
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** One logged command. {@code client} is {@code ip:port}; {@code name} the connection's name or empty. */
    public record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String client, String name) {
    }

    private volatile long thresholdMicros;
    private volatile long maxLength;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    public SlowLog(long thresholdMicros, long maxLength) {
        this.thresholdMicros = thresholdMicros;
        this.maxLength = maxLength;
    }

    /** Whether a command that ran for {@code nanos} goes into the log. */
    public boolean logs(long nanos) {
        long threshold = thresholdMicros;
        return threshold >= 0 && nanos / 1000 >= threshold;
    }

    /**
     * Logs a command; {@code redacted[i]} hides argument {@code i} (AUTH's password, for one). Beyond
     * {@link #maxLength()} the oldest entries go.
     */
    public void add(RespArgs args, boolean[] redacted, long nanos, long unixSeconds, String client, String name) {
        int count = args.count();
        int kept = Math.min(count, MAX_ARGS);
        List<byte[]> copies = new ArrayList<>(kept);
        for (int i = 0; i < kept; i++) {
            if (i == MAX_ARGS - 1 && count > MAX_ARGS) {
                copies.add(("... (" + (count - MAX_ARGS + 1) + " more arguments)")
                    .getBytes(StandardCharsets.US_ASCII));
                break;
            }
            copies.add(redacted[i] ? REDACTED : truncated(args.bytes(i)));
        }
        synchronized (this) {
            entries.addFirst(new Entry(nextId++, unixSeconds, nanos / 1000, copies, client, name));
            trim();
        }
    }

    private static byte[] truncated(byte[] arg) {
        if (arg.length <= MAX_ARG_BYTES) {
            return arg;
        }
        byte[] suffix = ("... (" + (arg.length - MAX_ARG_BYTES) + " more bytes)").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[MAX_ARG_BYTES + suffix.length];
        System.arraycopy(arg, 0, out, 0, MAX_ARG_BYTES);
        System.arraycopy(suffix, 0, out, MAX_ARG_BYTES, suffix.length);
        return out;
    }

    private void trim() {
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries, newest first; a negative count: all of them. */
    public synchronized List<Entry> latest(long count) {
        List<Entry> list = new ArrayList<>((int) Math.min(entries.size(), count < 0 ? Integer.MAX_VALUE : count));
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && (count < 0 || list.size() < count)) {
            list.add(it.next());
        }
        return list;
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Empties the log; entry ids go on from where they were, as in Redis. */
    public synchronized void reset() {
        entries.clear();
    }

    public long thresholdMicros() {
        return thresholdMicros;
    }

    /** Negative: log nothing; 0: log every command. */
    public void thresholdMicros(long value) {
        thresholdMicros = value;
    }

    public long maxLength() {
        return maxLength;
    }

    /** Takes effect as Redis's does: the log is cut down to it when the next entry comes. */
    public void maxLength(long value) {
        maxLength = value;
    }
}
