package io.kronotop.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kronotop-tool}: offline tools. Exit codes: 0 fine, 1 damage found, 2 bad usage or unreadable input. */
@Command(name = "kronotop-tool", mixinStandardHelpOptions = true, version = "kronotop-tool 0.1.0",
    description = "Offline tools for Kronotop data.",
    subcommands = {VolumeCommand.class, CommandLine.HelpCommand.class})
public final class KronotopTool {
    /** Builds the command line, so tests can run it with their own output writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new KronotopTool());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
