package io.kronotop.metastore;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDB;

/**
 * The only class that touches {@link FDB}. It is loaded and initialised only when the {@code foundationdb} backend
 * is configured, because {@code FDB}'s static initialiser loads the native client library.
 */
final class FoundationDbBackend {
    static final int API_VERSION = 730;

    private FoundationDbBackend() {
    }

    static Database open(String clusterFile) {
        FDB fdb = FDB.isAPIVersionSelected() ? FDB.instance() : FDB.selectAPIVersion(API_VERSION);
        return clusterFile == null ? fdb.open() : fdb.open(clusterFile);
    }
}
