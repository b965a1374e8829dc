package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandContext;
import io.kronotop.server.command.CommandHandler;
import io.kronotop.server.error.RespError;
import io.kronotop.server.protocol.ReplyWriter;
import io.kronotop.server.protocol.RespArgs;

import io.kronotop.server.session.ClientConnection;
import io.kronotop.server.session.Session;

import java.net.InetSocketAddress;

/** Formats one CLIENT LIST / CLIENT INFO line with Redis's field names. */
final class ClientLines {
    private ClientLines() {
    }

    static String line(ClientConnection client, long nowMs) {
        Session s = client.session();
        StringBuilder sb = new StringBuilder(256);
        sb.append("id=").append(s.id())
            .append(" addr=").append(address(s.remote()))
            .append(" laddr=").append(address(s.local()))
            .append(" fd=-1 name=").append(s.name())
            .append(" age=").append(Math.max(0, (nowMs - s.createdAtMs()) / 1000))
            .append(" idle=").append(Math.max(0, (nowMs - s.lastInteractionMs()) / 1000))
            .append(" flags=").append(flags(client))
            .append(" db=0 sub=0 psub=0 ssub=0 multi=").append(client.multiLength())
            .append(" watch=").append(client.watchCount())
            .append(" qbuf=").append(client.pendingInputBytes())
            .append(" qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r")
            .append(" cmd=").append(s.lastCommand())
            .append(" user=default redir=-1 resp=").append(s.protocol())
            .append(" lib-name=").append(s.libName())
            .append(" lib-ver=").append(s.libVersion())
            .append(" reactor=").append(s.reactorIndex())
            .append(" port=").append(s.adminPort() ? "admin" : "client")
            .append('\n');
        return sb.toString();
    }

    /** Redis's flags, in its order: O monitor, x in MULTI, b blocked, e no-evict, T no-touch; N for none. */
    private static String flags(ClientConnection client) {
        Session s = client.session();
        StringBuilder flags = new StringBuilder(4);
        if (s.monitoring()) {
            flags.append('O');
        }
        if (client.multiLength() >= 0) {
            flags.append('x');
        }
        if (s.postponed()) {
            flags.append('b');
        }
        if (s.noEvict()) {
            flags.append('e');
        }
        if (s.noTouch()) {
            flags.append('T');
        }
        return flags.isEmpty() ? "N" : flags.toString();
    }

    static String address(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
