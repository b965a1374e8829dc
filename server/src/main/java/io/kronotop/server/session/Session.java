package io.kronotop.server.session;

import java.net.InetSocketAddress;

/**
 * What one connection carries between commands: identity, protocol version, name, authentication.
 * Written only by the connection's reactor thread. Fields that CLIENT LIST and INFO read from other
 * threads are volatile; they may be a moment stale there, never torn.
 */
public final class Session {
    private final long id;
    private final boolean adminPort;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final long createdAtMs;
    private final int reactorIndex;

    private volatile int protocol = 2;
    private volatile String name = "";
    private volatile String libName = "";
    private volatile String libVersion = "";
    private volatile boolean authenticated;
    private volatile long lastInteractionMs;
    private volatile String lastCommand = "NULL";
    private volatile boolean noEvict;
    private volatile boolean noTouch;

    public Session(long id, boolean adminPort, InetSocketAddress remote, InetSocketAddress local, long nowMs,
                   int reactorIndex, boolean authenticated) {
        this.id = id;
        this.adminPort = adminPort;
        this.remote = remote;
        this.local = local;
        this.createdAtMs = nowMs;
        this.lastInteractionMs = nowMs;
        this.reactorIndex = reactorIndex;
        this.authenticated = authenticated;
    }

    public long id() {
        return id;
    }

    public boolean adminPort() {
        return adminPort;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public InetSocketAddress local() {
        return local;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    public int reactorIndex() {
        return reactorIndex;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void libName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public long lastInteractionMs() {
        return lastInteractionMs;
    }

    public String lastCommand() {
        return lastCommand;
    }

    /** Records the command being run, for CLIENT LIST's {@code cmd} and {@code idle}. */
    public void onCommand(String commandName, long nowMs) {
        this.lastCommand = commandName;
        this.lastInteractionMs = nowMs;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean on) {
        this.noEvict = on;
    }

    public boolean noTouch() {
        return noTouch;
    }

    public void noTouch(boolean on) {
        this.noTouch = on;
    }

    /** RESET: back to a fresh connection's state (RESP2, no name; authenticated only when no password is set). */
    public void reset(boolean authRequired) {
        protocol = 2;
        name = "";
        noEvict = false;
        noTouch = false;
        authenticated = !authRequired;
    }
}
