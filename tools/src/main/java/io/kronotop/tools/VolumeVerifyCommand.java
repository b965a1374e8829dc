package io.kronotop.tools;

import io.kronotop.volume.segment.SegmentFiles;
import io.kronotop.volume.segment.SegmentVerifier;
import io.kronotop.volume.segment.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kronotop-tool volume verify <dir>}: checks every header and entry CRC32C; exit 1 on damage. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every segment header and every entry's header and payload CRC32C.",
        "Exit status: 0 no damage, 1 damage found (file and offset printed), 2 not a volume folder."})
final class VolumeVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "volume folder, or its segments folder")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path segmentsDir = SegmentFiles.segmentsDir(dir);
        if (!Files.isDirectory(segmentsDir)) {
            spec.commandLine().getErr().println("not a folder: " + segmentsDir);
            return 2;
        }
        VerifyReport report = SegmentVerifier.verifyOffline(segmentsDir);
        for (VerifyReport.SegmentReport s : report.segments()) {
            out.println("segment " + SegmentFiles.fileName(s.segmentId()) + ": " + s.entries() + " entries, valid up to "
                + s.endOffset() + " (" + s.stopReason() + ")");
        }
        for (VerifyReport.Damage note : report.notes()) {
            out.println("note: " + note);
        }
        for (VerifyReport.Damage damage : report.damage()) {
            out.println("DAMAGE: " + damage);
        }
        out.println(report.ok() ? "OK: " + report.segments().size() + " segment(s), no damage"
            : "FAILED: " + report.damage().size() + " damaged place(s)");
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
