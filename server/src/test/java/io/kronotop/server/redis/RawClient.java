package io.kronotop.server.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A binary-safe RESP client that keeps replies exactly as sent ({@link Reply}), for comparing two servers. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            // generous: a 512 MiB value is written and synced before its reply in sync mode, seconds on a loaded machine
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply call(List<byte[]> args) {
        send(args);
        return read();
    }

    Reply call(String... args) {
        List<byte[]> list = new ArrayList<>();
        for (String a : args) {
            list.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return call(list);
    }

    void send(List<byte[]> args) {
        try {
            out.write(encode(args));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(List<byte[]> args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            buf.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(a);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        return buf.toByteArray();
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply read() {
        try {
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        byte[] line = readLine();
        switch (type) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(new String(line, StandardCharsets.US_ASCII));
                if (length < 0) {
                    return Reply.scalar('_', new byte[0]); // RESP2 null bulk: the same null as RESP3's
                }
                byte[] data = in.readNBytes(length + 2);
                if (data.length != length + 2) {
                    throw new EOFException("truncated bulk");
                }
                return Reply.scalar((char) type, java.util.Arrays.copyOf(data, length));
            }
            case '*', '~', '>', '%' -> {
                int count = Integer.parseInt(new String(line, StandardCharsets.US_ASCII));
                if (count < 0) {
                    return Reply.scalar('_', "array".getBytes(StandardCharsets.US_ASCII));
                }
                int n = type == '%' ? count * 2 : count;
                List<Reply> elements = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    elements.add(readReply());
                }
                return new Reply((char) type, line, elements);
            }
            default -> {
                return Reply.scalar((char) type, line);
            }
        }
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR without LF");
                }
                return line.toByteArray();
            }
            line.write(b);
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
}
