package io.kronotop.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A blocking RESP2/RESP3 client over a plain socket, for asserting exact reply bytes and texts that
 * Lettuce hides (error wording, inline commands, malformed frames, connection closes).
 * Replies decode to: {@link String} (simple and bulk strings, verbatim text without its format),
 * {@link Long}, {@link Double}, {@link Boolean}, {@link BigInteger}, {@link List}, {@link Set},
 * {@link Map}, {@link Err} and null.
 */
public final class RespClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply, without its leading '-'. */
    public record Err(String message) {
    }

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    public static RespClient connect(int port) {
        return connect(port, 0);
    }

    /** Connects with a small socket receive buffer when {@code receiveBufferBytes > 0}, to slow the reader down. */
    public static RespClient connect(int port, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new RespClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command as a RESP array of bulk strings and reads its reply. */
    public Object call(String... args) {
        send(args);
        return read();
    }

    /** Sends one command without reading. */
    public void send(String... args) {
        sendRaw(encode(args));
    }

    /** The RESP array of bulk strings for {@code args}. */
    public static byte[] encode(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(bytes);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        return buf.toByteArray();
    }

    public void sendRaw(String text) {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply; fails on EOF or after the read timeout. */
    public Object read() {
        try {
            return readValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads exactly {@code length} bytes of reply, as ASCII text: for asserting an exact encoding. */
    public String readBytes(int length) {
        try {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new EOFException("connection closed after " + bytes.length + " of " + length + " bytes");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether reply bytes have arrived and not been read yet; does not wait. */
    public boolean hasUnreadBytes() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the server has closed the connection: the next read sees end of stream (or a reset)
     * before the read timeout. Any bytes still unread before the close make this false.
     */
    public boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reply that is an array, typed for assertions. */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object reply) {
        if (!(reply instanceof List)) {
            throw new AssertionError("expected an array reply, got " + reply);
        }
        return (List<Object>) reply;
    }

    /** A reply that is a RESP3 map, typed for assertions. */
    @SuppressWarnings("unchecked")
    public static Map<Object, Object> asMap(Object reply) {
        if (!(reply instanceof Map)) {
            throw new AssertionError("expected a map reply, got " + reply);
        }
        return (Map<Object, Object>) reply;
    }

    private Object readValue() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by the server");
        }
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> new Err(line);
            case ':' -> Long.parseLong(line);
            case ',' -> Double.parseDouble(line);
            case '#' -> line.equals("t");
            case '(' -> new BigInteger(line);
            case '_' -> null;
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                if (bytes.length != length + 2) {
                    throw new EOFException("truncated bulk string");
                }
                String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
                if (type == '!') {
                    yield new Err(text);
                }
                yield type == '=' ? text.substring(4) : text;
            }
            case '*', '>' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(readValue());
                }
                yield list;
            }
            case '~' -> {
                int count = Integer.parseInt(line);
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < count; i++) {
                    set.add(readValue());
                }
                yield set;
            }
            case '%' -> {
                int count = Integer.parseInt(line);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    Object key = readValue();
                    map.put(key, readValue());
                }
                yield map;
            }
            default -> throw new IOException("unexpected reply type '" + (char) type + "' followed by " + line);
        };
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply");
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("CR not followed by LF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }
}
