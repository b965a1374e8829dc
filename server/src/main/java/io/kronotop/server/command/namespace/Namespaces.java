package io.kronotop.server.command.namespace;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.directory.DirectoryLayer;
import com.apple.foundationdb.directory.DirectorySubspace;
import com.apple.foundationdb.directory.NoSuchDirectoryException;
import com.apple.foundationdb.Range;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.server.error.CommandException;
import io.kronotop.server.error.MetastoreErrors;
import io.kronotop.server.error.RespError;
import io.kronotop.server.session.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Namespaces: dot-separated paths ({@code production.users}) in fdb-java's {@link DirectoryLayer}, under the
 * root directory {@code kronotop/<cluster>/namespaces}. Each namespace keeps its ZMap under its directory's
 * prefix plus the tuple {@code ("ZMAP")}. Resolved ZMap prefixes are cached server-wide; REMOVE, PURGE and
 * MOVE clear the cache, so a session whose namespace went away gets {@code NOSUCHNAMESPACE} on its next
 * command. A cached prefix is still checked in the command's transaction, by reading the first key of the
 * directory's node: that read fails the command when the namespace is gone, and makes a transaction that
 * writes into a namespace conflict with a concurrent removal of it, so no write outlives its namespace.
 * Thread-safe; shared by every reactor.
 */
public final class Namespaces {
    public static final int MAX_DEPTH = 10;
    static final String RESERVED = "__internal__";
    private static final Tuple ZMAP = Tuple.from("ZMAP");
    private static final Subspace NODES = DirectoryLayer.DEFAULT_NODE_SUBSPACE;

    /** A namespace's ZMap prefix and the key range of its directory node. */
    private record Resolved(byte[] zmapPrefix, Range node) {
    }

    private final DirectoryLayer layer = DirectoryLayer.getDefault();
    private final List<String> root;
    private final String defaultName;
    private final ConcurrentHashMap<String, Resolved> zmapPrefixes = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public Namespaces(String clusterName, String defaultName) {
        this.root = List.of("kronotop", clusterName, "namespaces");
        this.defaultName = defaultName;
        path(defaultName);
    }

    public String defaultName() {
        return defaultName;
    }

    /** The namespace the session works in. */
    public String current(Session session) {
        String ns = session.namespace();
        return ns != null ? ns : defaultName;
    }

    DirectoryLayer layer() {
        return layer;
    }

    List<String> root() {
        return root;
    }

    /** Creates the default namespace when missing; start-up only (waits). */
    public void ensureDefault(Database db) {
        List<String> path = path(defaultName);
        db.runAsync(tr -> layer.createOrOpen(tr, path)).join();
    }

    /**
     * The directory path of {@code namespace}; throws {@link CommandException} when the name is empty, has
     * empty parts, is deeper than {@value #MAX_DEPTH} or uses the reserved part {@value #RESERVED}.
     */
    public List<String> path(String namespace) {
        List<String> path = new ArrayList<>(root);
        path.addAll(parts(namespace));
        return path;
    }

    /** The parts of a dotted name, validated. */
    static List<String> parts(String namespace) {
        if (namespace.isEmpty()) {
            throw new CommandException(RespError.invalidNamespace("Namespace name cannot be empty"));
        }
        List<String> parts = List.of(namespace.split("\\.", -1));
        if (parts.size() > MAX_DEPTH) {
            throw new CommandException(RespError.NAMESPACE_DEPTH);
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new CommandException(RespError.invalidNamespace("Invalid namespace name: '" + namespace + "'"));
            }
            if (part.equals(RESERVED)) {
                throw new CommandException(
                    RespError.invalidNamespace("Namespace '" + namespace + "' is reserved for internal use"));
            }
        }
        return parts;
    }

    /**
     * The prefix of {@code namespace}'s ZMap, read in {@code tr} unless cached. Fails with
     * {@code NOSUCHNAMESPACE} when the namespace does not exist.
     */
    public CompletableFuture<byte[]> zmapPrefix(ReadTransaction tr, String namespace) {
        Resolved cached = zmapPrefixes.get(namespace);
        if (cached != null) {
            return tr.getRange(cached.node(), 1).asList().thenCompose(node -> node.isEmpty()
                ? CompletableFuture.failedFuture(new CommandException(RespError.noSuchNamespace(namespace)))
                : CompletableFuture.completedFuture(cached.zmapPrefix()));
        }
        long seen = generation.get();
        List<String> path = path(namespace);
        return layer.exists(tr, path).thenCompose(exists -> {
            if (!exists) {
                return CompletableFuture.failedFuture(
                    new CommandException(RespError.noSuchNamespace(namespace)));
            }
            return layer.open(tr, path).thenApply(dir -> prefixOf(dir, namespace, seen));
        });
    }

    private byte[] prefixOf(DirectorySubspace dir, String namespace, long seen) {
        Resolved resolved = new Resolved(dir.pack(ZMAP), NODES.get(dir.getKey()).range());
        if (generation.get() == seen) {
            zmapPrefixes.put(namespace, resolved);
        }
        return resolved.zmapPrefix();
    }

    /** Forgets every cached prefix; called after a namespace was removed or moved. */
    void invalidate() {
        generation.incrementAndGet();
        zmapPrefixes.clear();
    }

    /** Maps a directory-layer failure on {@code namespace} to its reply, as a failed future's cause. */
    static Throwable mapFailure(Throwable failure, String namespace) {
        Throwable t = MetastoreErrors.unwrap(failure);
        if (t instanceof NoSuchDirectoryException) {
            return new CommandException(RespError.noSuchNamespace(namespace));
        }
        return t;
    }
}
