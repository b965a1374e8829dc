package io.kronotop.perf.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This server, {@code io.kronotop.server.Main}, in a child JVM on the classpath of the running one, with
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class KronotopServerProcess extends ChildProcessServer {
    private static final String MAIN = "io.kronotop.server.Main";
    /** What {@code bin/kronotop} runs the server with by default; extra options come after and can override. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseCompactObjectHeaders");

    private final String javaExecutable;
    private final String classpath;
    private final List<String> jvmOptions;
    private final List<String> settings;

    /**
     * @param settings {@code key=value} pairs passed as {@code --set key=value}
     */
    public KronotopServerProcess(String javaExecutable, String classpath, List<String> jvmOptions,
            List<String> settings, Path workDir, List<String> cpuPrefix) {
        this("kronotop", javaExecutable, classpath, jvmOptions, settings, workDir, cpuPrefix);
    }

    /** A Kronotop under another system name, e.g. {@code kronotop-async} with {@code stash.durability=async}. */
    public KronotopServerProcess(String name, String javaExecutable, String classpath, List<String> jvmOptions,
            List<String> settings, Path workDir, List<String> cpuPrefix) {
        super(name, workDir, 60_000, cpuPrefix);
        this.javaExecutable = javaExecutable;
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = List.copyOf(settings);
    }

    /** The java launcher of {@code $JAVA_HOME}, else of the running JVM. */
    public static String defaultJava() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && !home.isBlank() && java.nio.file.Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    List<String> command(int port, Path dir) throws java.io.IOException {
        int adminPort = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(DEFAULT_JVM_OPTIONS);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath, MAIN, "--port", Integer.toString(port), "--admin-port",
                Integer.toString(adminPort), "--data-dir", dir.resolve("data").toString()));
        for (String s : settings) {
            cmd.add("--set");
            cmd.add(s);
        }
        return cmd;
    }

    @Override
    public String description() {
        String transport = infoServer("transport");
        String reactors = infoServer("reactors");
        List<String> options = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        options.addAll(jvmOptions);
        return "kronotop " + version() + " (" + MAIN + (transport == null ? "" : ", transport " + transport)
                + (reactors == null ? "" : ", " + reactors + " reactors")
                + ", JVM options " + options
                + ", settings " + settings + ")";
    }

    @Override
    public boolean persistent() {
        return true;
    }
}
