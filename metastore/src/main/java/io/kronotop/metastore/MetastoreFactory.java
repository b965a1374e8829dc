package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the metastore the configuration asks for: the embedded store (default) or a FoundationDB cluster. In
 * embedded mode fdb-java's {@code FDB} class is never initialised.
 */
public final class MetastoreFactory {
    private static final Logger LOG = LoggerFactory.getLogger(MetastoreFactory.class);

    private MetastoreFactory() {
    }

    /**
     * Opens the metastore from flat configuration keys (see {@link MetastoreConfig}).
     *
     * @param config  the server's settings
     * @param dataDir the server's data folder; the embedded store lives under it by default
     * @return an open database; close it on shutdown
     */
    public static Database open(Map<String, String> config, Path dataDir) {
        return open(MetastoreConfig.from(config, dataDir));
    }

    /**
     * Opens the metastore described by {@code config}.
     *
     * @param config the parsed configuration
     * @return an open database; close it on shutdown
     */
    public static Database open(MetastoreConfig config) {
        if (MetastoreConfig.BACKEND_FOUNDATIONDB.equals(config.backend())) {
            LOG.info("Metastore backend: FoundationDB cluster ({})",
                    config.clusterFile() == null ? "default cluster file" : config.clusterFile());
            return FoundationDbBackend.open(config.clusterFile());
        }
        LOG.info("Metastore backend: embedded at {}", config.dir());
        return EmbeddedDatabase.open(config);
    }
}
