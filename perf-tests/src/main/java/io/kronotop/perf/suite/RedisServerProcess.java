package io.kronotop.perf.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's redis-server: no persistence, or an append-only file with {@code everysec} or {@code always}. */
public final class RedisServerProcess extends ChildProcessServer {
    /** How Redis persists writes. */
    public enum Persistence {
        NONE("redis", "no RDB, no AOF"),
        AOF_EVERYSEC("redis-aof-everysec", "appendonly yes, appendfsync everysec"),
        AOF_ALWAYS("redis-aof-always", "appendonly yes, appendfsync always");

        private final String systemName;
        private final String description;

        Persistence(String systemName, String description) {
            this.systemName = systemName;
            this.description = description;
        }

        public String systemName() {
            return systemName;
        }
    }

    private final String executable;
    private final Persistence persistence;

    public RedisServerProcess(String executable, Persistence persistence, Path workDir, List<String> cpuPrefix) {
        super(persistence.systemName(), workDir, 10_000, cpuPrefix);
        this.executable = executable;
        this.persistence = persistence;
    }

    @Override
    List<String> command(int port, Path dir) {
        List<String> cmd = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--dir", dir.toString(), "--daemonize", "no", "--protected-mode", "no",
                "--logfile", ""));
        if (persistence == Persistence.NONE) {
            cmd.addAll(List.of("--appendonly", "no"));
        } else {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync",
                    persistence == Persistence.AOF_ALWAYS ? "always" : "everysec"));
        }
        return cmd;
    }

    @Override
    public String description() {
        return "redis-server " + version() + " (" + persistence.description + ")";
    }

    @Override
    public boolean persistent() {
        return persistence == Persistence.AOF_ALWAYS;
    }
}
