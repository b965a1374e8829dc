package io.kronotop.metastore;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Metastore configuration, parsed from the server's flat {@code key=value} settings.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code metastore.backend}</td><td>{@code embedded}</td><td>{@code embedded} or {@code foundationdb}</td></tr>
 *   <tr><td>{@code fdb.cluster_file}</td><td>none (fdb-java's default lookup)</td><td>cluster file for
 *   {@code foundationdb}</td></tr>
 *   <tr><td>{@code metastore.dir}</td><td>{@code <data dir>/metastore}</td><td>embedded data folder</td></tr>
 *   <tr><td>{@code metastore.memory_limit}</td><td>{@code 1g}</td><td>bytes of keys, values and retained versions
 *   the embedded store may hold</td></tr>
 *   <tr><td>{@code metastore.checkpoint.log_bytes}</td><td>{@code 64m}</td><td>log bytes that trigger a
 *   checkpoint</td></tr>
 * </table>
 *
 * @param backend            {@code embedded} or {@code foundationdb}
 * @param clusterFile        FoundationDB cluster file, or null for fdb-java's default
 * @param dir                embedded data folder
 * @param memoryLimitBytes   embedded memory bound
 * @param checkpointLogBytes log size that triggers a checkpoint
 */
public record MetastoreConfig(String backend, String clusterFile, Path dir, long memoryLimitBytes,
                              long checkpointLogBytes) {
    /** Backend name of the embedded store. */
    public static final String BACKEND_EMBEDDED = "embedded";
    /** Backend name of a real FoundationDB cluster. */
    public static final String BACKEND_FOUNDATIONDB = "foundationdb";
    /** Default {@code metastore.memory_limit}: 1 GiB. */
    public static final long DEFAULT_MEMORY_LIMIT_BYTES = 1L << 30;
    /** Default {@code metastore.checkpoint.log_bytes}: 64 MiB. */
    public static final long DEFAULT_CHECKPOINT_LOG_BYTES = 64L << 20;

    /** Validates the record. */
    public MetastoreConfig {
        if (!BACKEND_EMBEDDED.equals(backend) && !BACKEND_FOUNDATIONDB.equals(backend)) {
            throw new IllegalArgumentException("metastore.backend must be 'embedded' or 'foundationdb', not '"
                    + backend + "'");
        }
        if (memoryLimitBytes <= 0 || checkpointLogBytes <= 0) {
            throw new IllegalArgumentException("metastore sizes must be positive");
        }
    }

    /** The embedded defaults for {@code dir}. */
    public static MetastoreConfig embedded(Path dir) {
        return new MetastoreConfig(BACKEND_EMBEDDED, null, dir, DEFAULT_MEMORY_LIMIT_BYTES,
                DEFAULT_CHECKPOINT_LOG_BYTES);
    }

    /**
     * Parses the configuration keys.
     *
     * @param config  flat settings
     * @param dataDir the server's data folder
     * @return the parsed configuration
     */
    public static MetastoreConfig from(Map<String, String> config, Path dataDir) {
        String backend = config.getOrDefault("metastore.backend", BACKEND_EMBEDDED).trim().toLowerCase(Locale.ROOT);
        String dir = blankToNull(config.get("metastore.dir"));
        return new MetastoreConfig(backend, blankToNull(config.get("fdb.cluster_file")),
                dir == null ? dataDir.resolve("metastore") : Path.of(dir),
                parseBytes(config.get("metastore.memory_limit"), DEFAULT_MEMORY_LIMIT_BYTES),
                parseBytes(config.get("metastore.checkpoint.log_bytes"), DEFAULT_CHECKPOINT_LOG_BYTES));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Parses {@code 123}, {@code 64k}, {@code 512m}, {@code 2g}. */
    static long parseBytes(String s, long dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mul = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'b') {
            t = t.substring(0, t.length() - 1);
            last = t.charAt(t.length() - 1);
        }
        switch (last) {
            case 'k' -> mul = 1L << 10;
            case 'm' -> mul = 1L << 20;
            case 'g' -> mul = 1L << 30;
            case 't' -> mul = 1L << 40;
            default -> mul = 1;
        }
        if (mul != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(t.trim()), mul);
    }
}
