package io.kronotop.server.session;

import com.apple.foundationdb.Transaction;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    private volatile boolean postponed;
    // CLIENT REPLY: reactor thread only.
    private boolean replyOff;
    private boolean replySkipNext;
    private boolean replySkip;
    /** Takes the connection out of the MONITOR feed; null when it is not a monitor. */
    private volatile Runnable monitorStop;

    // Metastore state: reactor thread only.
    /** The session's namespace; null means the configured default. */
    private String namespace;
    /** The transaction BEGIN opened, or null when each command runs in its own. */
    private Transaction transaction;
    private boolean snapshotRead;
    /** Attributes set with SESSION.ATTRIBUTE SET; absent ones have their configured defaults. */
    private final Map<String, String> attributes = new TreeMap<>();
    private final List<Runnable> closeHooks = new ArrayList<>(1);
    private boolean closed;

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

    /**
     * RESET: back to a fresh connection's state (RESP2, no name; authenticated only when no password is set;
     * no transaction, default namespace and attributes).
     */
    public void reset(boolean authRequired) {
        stopMonitoring();
        resetMetastoreState();
        protocol = 2;
        name = "";
        noEvict = false;
        noTouch = false;
        authenticated = !authRequired;
        replyOff = false;
        replySkipNext = false;
        replySkip = false;
    }

    /** CLIENT REPLY ON: every reply is sent again, this one included. */
    public void replyModeOn() {
        replyOff = false;
        replySkipNext = false;
        replySkip = false;
    }

    /** CLIENT REPLY OFF: no reply is sent until CLIENT REPLY ON. */
    public void replyModeOff() {
        replyOff = true;
    }

    /** CLIENT REPLY SKIP: the next command's reply is not sent (ignored while replies are off). */
    public void replyModeSkip() {
        if (!replyOff) {
            replySkipNext = true;
        }
    }

    /** A command starts: it is the one a CLIENT REPLY SKIP before it meant. */
    public void replyStart() {
        replySkip = replySkipNext;
        replySkipNext = false;
    }

    /** A command that has not run after all (held by CLIENT PAUSE): the SKIP waits for it to run. */
    public void replyNotStarted() {
        replySkipNext = replySkip;
        replySkip = false;
    }

    /** Whether the reply of the command that started last is dropped; asked once it has run. */
    public boolean replyMuted() {
        return replyOff || replySkip;
    }

    /** Whether a request of the connection waits for CLIENT PAUSE to end (any thread: CLIENT LIST reads it). */
    public boolean postponed() {
        return postponed;
    }

    public void postponed(boolean value) {
        postponed = value;
    }

    /** Whether the connection is a MONITOR (any thread: CLIENT LIST reads it). */
    public boolean monitoring() {
        return monitorStop != null;
    }

    /** MONITOR: the connection now receives the feed; {@code stop} takes it out again (RESET, close). */
    public void startMonitoring(Runnable stop) {
        this.monitorStop = stop;
    }

    /** Leaves MONITOR mode, if in it. Reactor thread only. */
    public void stopMonitoring() {
        Runnable stop = monitorStop;
        monitorStop = null;
        if (stop != null) {
            stop.run();
        }
    }

    /** The namespace set by NAMESPACE USE, or null for the default. */
    public String namespace() {
        return namespace;
    }

    public void namespace(String namespace) {
        this.namespace = namespace;
    }

    /** The open explicit transaction, or null. */
    public Transaction transaction() {
        return transaction;
    }

    public void transaction(Transaction transaction) {
        this.transaction = transaction;
    }

    public boolean snapshotRead() {
        return snapshotRead;
    }

    public void snapshotRead(boolean on) {
        this.snapshotRead = on;
    }

    /** Attributes explicitly set on this session (name to value); mutable, reactor thread only. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * Runs {@code hook} when the connection closes (or at once if it has closed). Used to release waits
     * (ZWATCH) that would otherwise outlive the connection.
     */
    public void onClose(Runnable hook) {
        if (closed) {
            hook.run();
        } else {
            closeHooks.add(hook);
        }
    }

    /** Removes a hook added with {@link #onClose} that is no longer needed. */
    public void removeOnClose(Runnable hook) {
        closeHooks.remove(hook);
    }

    /** Drops the metastore state: cancels an open transaction, back to the default namespace, attributes. */
    public void resetMetastoreState() {
        Transaction tr = transaction;
        transaction = null;
        if (tr != null) {
            tr.cancel();
            tr.close();
        }
        namespace = null;
        snapshotRead = false;
        attributes.clear();
    }

    /** The connection closed: runs the close hooks and cancels an open transaction. Reactor thread only. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopMonitoring();
        List<Runnable> hooks = new ArrayList<>(closeHooks);
        closeHooks.clear();
        for (Runnable hook : hooks) {
            hook.run();
        }
        resetMetastoreState();
    }
}
