package io.kronotop.server.testing;

import io.kronotop.server.KronotopServer;

import java.nio.file.Path;

/** What a test sees of the server {@link RealServer} started. */
public record RunningServer(KronotopServer server, Path dataDir) {
    public int port() {
        return server.port();
    }

    public int adminPort() {
        return server.adminPort();
    }

    public String host() {
        return "127.0.0.1";
    }
}
