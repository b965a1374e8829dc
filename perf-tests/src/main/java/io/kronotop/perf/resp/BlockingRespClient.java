package io.kronotop.perf.resp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking RESP client for control traffic only: readiness probes, {@code CLUSTER SLOTS}, support
 * probes, {@code FLUSHALL}. Replies become plain Java values: {@link String} for simple and bulk strings,
 * {@link Long} for integers, {@link List} for arrays, sets, pushes and maps (flattened key, value, ...),
 * {@link RespError} for errors and {@code null} for nulls. Not for load: the generator uses Netty.
 */
public final class BlockingRespClient implements AutoCloseable {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_CONTROL_BULK = 64 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply, e.g. {@code ERR unknown command 'FOO'}. */
    public record RespError(String message) {
        /** The first word, e.g. {@code ERR}, {@code MOVED}, {@code WRONGTYPE}. */
        public String code() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }
    }

    public BlockingRespClient(String host, int port, int timeoutMs) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command as a RESP array of bulk strings and reads its reply. */
    public Object call(String... args) throws IOException {
        out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return read(0);
    }

    /** Sends a raw inline command line (e.g. {@code PING}) and reads its reply. */
    public Object callInline(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read(0);
    }

    private Object read(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new RespProtocolException("nesting deeper than " + MAX_DEPTH);
        }
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed by server");
        }
        String line = readLine();
        switch (type) {
            case '+', ',', '(' -> {
                return line;
            }
            case '-' -> {
                return new RespError(line);
            }
            case ':' -> {
                return Long.parseLong(line);
            }
            case '#' -> {
                return "t".equals(line) ? 1L : 0L;
            }
            case '_' -> {
                return null;
            }
            case '$', '=', '!' -> {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                if (len > MAX_CONTROL_BULK) {
                    throw new RespProtocolException("bulk of " + len + " bytes on a control connection");
                }
                byte[] bytes = in.readNBytes(len);
                if (bytes.length != len || in.read() != '\r' || in.read() != '\n') {
                    throw new RespProtocolException("truncated bulk string");
                }
                String text = new String(bytes, StandardCharsets.UTF_8);
                return type == '!' ? new RespError(text) : text;
            }
            case '*', '~', '>', '%', '|' -> {
                long n = Long.parseLong(line);
                if (n < 0) {
                    return null;
                }
                long elements = (type == '%' || type == '|') ? 2 * n : n;
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < elements; i++) {
                    list.add(read(depth + 1));
                }
                if (type == '|') {
                    return read(depth); // the attribute annotates the value that follows
                }
                return list;
            }
            default -> throw new RespProtocolException("unknown RESP type byte " + type);
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by server");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new RespProtocolException("CR without LF");
                }
                return sb.toString();
            }
            if (sb.length() > RespReplyParser.MAX_LINE_BYTES) {
                throw new RespProtocolException("line too long");
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
