package io.kronotop.server.command.volume;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import io.kronotop.volume.Volume;
import io.kronotop.volume.VolumeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The volumes open on this member, by name ({@code redis-shard-0}, ...). Opened once at start, closed at stop; the
 * map never changes in between, so any thread may read it. Folders: {@code <dataDir>/volumes/<name>}; metadata:
 * subspace {@code ("kronotop", <cluster>, "metadata", "volumes", <name>)}.
 */
public final class Volumes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Volumes.class);

    private final Map<String, Volume> byName;

    private Volumes(Map<String, Volume> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Opens {@code redis-shard-0 .. redis-shard-(shards-1)}; closes what it opened if one fails. */
    public static Volumes open(Path dataDir, String cluster, int shards, VolumeConfig config, Database db) {
        Map<String, Volume> opened = new TreeMap<>();
        try {
            for (int shard = 0; shard < shards; shard++) {
                String name = "redis-shard-" + shard;
                Subspace subspace = new Subspace(Tuple.from("kronotop", cluster, "metadata", "volumes", name));
                opened.put(name, Volume.open(dataDir.resolve("volumes").resolve(name), name, config, db, subspace));
            }
        } catch (IOException | RuntimeException e) {
            opened.values().forEach(Volume::close);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open the volumes: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        if (!opened.isEmpty()) {
            LOG.info("{} volume(s) open: {}", opened.size(), opened.keySet());
        }
        return new Volumes(opened);
    }

    /** The open volume called {@code name}, or null. */
    public Volume get(String name) {
        return byName.get(name);
    }

    /** Names of the open volumes, sorted. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    @Override
    public void close() {
        for (Volume volume : byName.values()) {
            volume.close();
        }
    }
}
