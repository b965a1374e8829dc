package io.kronotop.perf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASettingThatIsNotAVolumeKey() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VolumeCommand()).setErr(new PrintWriter(err));
        int rc = cli.execute("--out", dir.resolve("out").toString(), "--set", "volume.flush.max_delay=5");
        assertThat(rc).isNotZero();
        assertThat(err.toString()).contains("--set volume.flush.max_delay: not a volume setting");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void shouldRunTheVolumeWithTheGivenSettingsAndReportThem() throws Exception {
        Path out = dir.resolve("out");
        int rc = new CommandLine(new VolumeCommand()).execute("--out", out.toString(), "--dir", dir.toString(),
            "--systems", "volume", "--sizes", "100", "--threads", "1", "--rounds", "1", "--test-time", "0.2",
            "--warmup", "0", "--jvm-warmup", "0", "--set", "volume.flush.max_delay_us=50",
            "--set", "volume.segment.size.bytes=1048576");
        assertThat(rc).isZero();
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("flushMaxDelayUs=50").contains("segmentSizeBytes=1048576");
    }
}
