package io.kronotop.server.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/**
 * The chosen network transport.
 *
 * @param name          {@code io_uring}, {@code epoll} or {@code nio}, as shown in INFO
 * @param reason        why this one was chosen (which faster ones were unavailable and why)
 * @param ioHandlers    creates the I/O handler of each reactor
 * @param serverChannel the listening channel class
 */
public record Transport(String name, String reason, IoHandlerFactory ioHandlers,
                        Class<? extends ServerChannel> serverChannel) {
}
