package io.kronotop.tools;

import picocli.CommandLine.Command;

/** {@code kronotop-tool volume ...}: segment files of one volume. */
@Command(name = "volume", mixinStandardHelpOptions = true,
    description = "Inspect the segment files of a volume folder (the server must not be writing to it).",
    subcommands = {VolumeDumpCommand.class, VolumeVerifyCommand.class})
final class VolumeCommand {
}
