package io.kronotop.volume.segment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** Opens the channels segments are written through; tests substitute a fault-injecting one. */
@FunctionalInterface
public interface ChannelFactory {
    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
}
