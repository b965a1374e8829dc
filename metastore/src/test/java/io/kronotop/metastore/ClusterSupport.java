package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/** Opens the real cluster named by {@code FDB_CLUSTER_FILE}, or skips the calling suite with a logged reason. */
final class ClusterSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSupport.class);

    private ClusterSupport() {
    }

    static Database openOrSkip() {
        String clusterFile = System.getenv("FDB_CLUSTER_FILE");
        if (clusterFile == null || clusterFile.isBlank()) {
            String reason = "FDB_CLUSTER_FILE is not set: skipping the conformance suite on a real FoundationDB cluster";
            LOG.warn(reason);
            Assumptions.abort(reason);
        }
        return MetastoreFactory.open(Map.of("metastore.backend", "foundationdb", "fdb.cluster_file", clusterFile),
                Path.of("unused"));
    }
}
