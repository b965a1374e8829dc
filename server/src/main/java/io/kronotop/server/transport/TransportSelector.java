package io.kronotop.server.transport;

import io.kronotop.server.config.ServerConfig.TransportKind;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/** Picks io_uring, then epoll, then NIO, honouring {@code server.transport}, and says why. */
public final class TransportSelector {
    private TransportSelector() {
    }

    /**
     * Selects the transport. An explicit kind that is unavailable on this machine is an error, not a
     * silent fallback; {@code AUTO} falls back and records the cause in {@link Transport#reason()}.
     */
    public static Transport select(TransportKind kind) {
        return switch (kind) {
            case IO_URING -> {
                requireAvailable("io_uring", IoUring.isAvailable(), IoUring.unavailabilityCause());
                yield ioUring("configured");
            }
            case EPOLL -> {
                requireAvailable("epoll", Epoll.isAvailable(), Epoll.unavailabilityCause());
                yield epoll("configured");
            }
            case NIO -> nio("configured");
            case AUTO -> auto();
        };
    }

    private static Transport auto() {
        if (IoUring.isAvailable()) {
            return ioUring("auto: io_uring is available");
        }
        String uringCause = describe(IoUring.unavailabilityCause());
        if (Epoll.isAvailable()) {
            return epoll("auto: io_uring unavailable (" + uringCause + ")");
        }
        return nio("auto: io_uring unavailable (" + uringCause + "), epoll unavailable ("
            + describe(Epoll.unavailabilityCause()) + ")");
    }

    private static void requireAvailable(String name, boolean available, Throwable cause) {
        if (!available) {
            throw new IllegalStateException("server.transport = " + name + " but " + name
                + " is not available here: " + describe(cause), cause);
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Transport ioUring(String reason) {
        return new Transport("io_uring", reason, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
    }

    private static Transport epoll(String reason) {
        return new Transport("epoll", reason, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Transport nio(String reason) {
        return new Transport("nio", reason, NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
