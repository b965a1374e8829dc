package io.kronotop.server.command.connection;

import io.kronotop.server.command.CommandRegistry;
import io.kronotop.server.command.CommandSpec;
import io.kronotop.server.session.Session;

import java.util.ArrayList;
import java.util.List;

import static io.kronotop.server.command.CommandSpec.of;

/** Connection commands, served on both ports. */
public final class ConnectionCommands {
    private static final String G = "connection";

    private ConnectionCommands() {
    }

    public static void register(CommandRegistry registry) {
        registry.add(of("ping", -1, "fast", G, "[message]", "Returns PONG, or the message.", new PingHandler()));
        registry.add(of("echo", 2, "fast", G, "message", "Returns the message.", new EchoHandler()));
        registry.add(of("hello", -1, "fast no_auth noscript loading stale", G,
            "[protover [AUTH username password] [SETNAME clientname]]",
            "Negotiates RESP2 or RESP3, optionally authenticating and naming the connection.", new HelloHandler()));
        registry.add(of("auth", -2, "fast no_auth noscript loading stale", G, "[username] password",
            "Authenticates the connection.", new AuthHandler()));
        registry.add(of("select", 2, "fast loading stale", G, "index",
            "Selects the logical database; only 0 exists.", new SelectHandler()));
        registry.add(of("quit", -1, "fast no_auth noscript loading stale allow_busy", G, "",
            "Closes the connection after replying OK.", new QuitHandler()));
        registry.add(of("reset", 1, "fast no_auth noscript loading stale", G, "",
            "Resets the connection to its initial state.", new ResetHandler()));
        registry.add(of("time", 1, "fast loading stale", G, "",
            "Returns the server time as seconds and microseconds.", new TimeHandler()));
        List<CommandSpec> client = new ArrayList<>(List.of(
            of("id", 2, "fast loading stale", G, "", "Returns the connection's id.", new ClientIdHandler()),
            of("setname", 3, "fast loading stale", G, "connection-name", "Names the connection.",
                new ClientSetNameHandler()),
            of("getname", 2, "fast loading stale", G, "", "Returns the connection's name.",
                new ClientGetNameHandler()),
            of("list", -2, "admin loading stale", G, "[TYPE type] [ID client-id ...]",
                "Lists client connections.", new ClientListHandler()),
            of("info", 2, "loading stale", G, "", "Describes this connection.", new ClientInfoHandler()),
            of("kill", -3, "admin loading stale", G, "ip:port | <filter value> ...",
                "Closes client connections.", new ClientKillHandler()),
            of("setinfo", 4, "loading stale", G, "LIB-NAME|LIB-VER value",
                "Records the client library's name or version.", new ClientSetInfoHandler()),
            of("pause", -3, "admin noscript loading stale", G, "timeout [WRITE|ALL]",
                "Holds back clients' commands, or those that change data, for a while.", new ClientPauseHandler()),
            of("unpause", 2, "admin noscript loading stale", G, "", "Ends a CLIENT PAUSE now.",
                new ClientUnpauseHandler()),
            of("reply", 3, "noscript loading stale no_multi", G, "ON|OFF|SKIP",
                "Turns this connection's replies off, on, or off for the next command only.",
                new ClientReplyHandler()),
            of("no-evict", 3, "admin loading stale", G, "ON|OFF", "Accepted for compatibility.",
                new ClientFlagHandler(Session::noEvict)),
            of("no-touch", 3, "loading stale", G, "ON|OFF", "Accepted for compatibility.",
                new ClientFlagHandler(Session::noTouch))));
        client.addAll(ClientTrackingCommands.specs(G));
        registry.add(CommandSpec.container("client", "", G, "Inspects and controls client connections.", client));
    }
}
