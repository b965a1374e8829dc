package io.kronotop.perf.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/perf}: {@code load} (the generator alone) and {@code suite} (side by side). */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "Kronotop load generator and side-by-side runs against Redis.",
        subcommands = {LoadCommand.class, SuiteCommand.class, VolumeCommand.class})
public final class PerfMain implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** This tool's logging (progress on stderr, the report alone on stdout), not the server's logback.xml. */
    private static final String LOGBACK_CONFIG = "logback-perf.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(new CommandLine(new PerfMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
