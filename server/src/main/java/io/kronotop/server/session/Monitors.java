package io.kronotop.server.session;

import io.kronotop.server.protocol.RespArgs;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * MONITOR: the connections that receive a line for every command the server runs, and the feed that writes those
 * lines. With no monitor connected the feed costs one volatile read per command. A line is formatted once, on the
 * thread that ran the command, and offered to each monitor, which writes it on its own reactor (see {@link Sink}).
 *
 * <p>A line reads as Redis writes it: {@code +<unix seconds>.<microseconds> [0 <ip>:<port>] "arg" "arg" ...}, each
 * argument quoted with C escapes ({@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, {@code \a},
 * {@code \b}, {@code \xHH} for other bytes outside printable ASCII). AUTH's arguments, and those after HELLO's AUTH,
 * read {@code "(redacted)"}.
 */
public final class Monitors {
    /** A monitor connection. {@link #offer} is called from any thread and must not block. */
    public interface Sink {
        void offer(byte[] line);
    }

    private static final Sink[] NONE = new Sink[0];
    private static final byte[] REDACTED = "\"(redacted)\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private volatile Sink[] sinks = NONE;

    /** Whether any monitor is connected. */
    public boolean active() {
        return sinks.length != 0;
    }

    public int size() {
        return sinks.length;
    }

    public synchronized void add(Sink sink) {
        Sink[] next = Arrays.copyOf(sinks, sinks.length + 1);
        next[next.length - 1] = sink;
        sinks = next;
    }

    public synchronized void remove(Sink sink) {
        Sink[] current = sinks;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == sink) {
                Sink[] next = new Sink[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                sinks = next;
                return;
            }
        }
    }

    /** Offers the line of a command {@code args} run for the client at {@code remote} to every monitor. */
    public void feed(InetSocketAddress remote, RespArgs args) {
        Sink[] current = sinks;
        if (current.length == 0) {
            return;
        }
        byte[] line = line(Instant.now(), remote, args);
        for (Sink sink : current) {
            sink.offer(line);
        }
    }

    static byte[] line(Instant at, InetSocketAddress remote, RespArgs args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 8 * args.count());
        String micros = Long.toString(at.getNano() / 1000 + 1_000_000L).substring(1);
        String address = remote == null ? "" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        out.writeBytes(("+" + at.getEpochSecond() + "." + micros + " [0 " + address + "]")
            .getBytes(StandardCharsets.US_ASCII));
        boolean[] redact = Redaction.redacted(args);
        for (int i = 0; i < args.count(); i++) {
            out.write(' ');
            if (redact[i]) {
                out.writeBytes(REDACTED);
            } else {
                quote(out, args.bytes(i));
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static void quote(ByteArrayOutputStream out, byte[] bytes) {
        out.write('"');
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case 7 -> out.writeBytes(new byte[] {'\\', 'a'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.write(b);
                    } else {
                        out.writeBytes(new byte[] {'\\', 'x', HEX[(b >> 4) & 0xf], HEX[b & 0xf]});
                    }
                }
            }
        }
        out.write('"');
    }
}
