package io.kronotop.tools;

import io.kronotop.volume.EntryLocation;
import io.kronotop.volume.FileSegmentStore;
import io.kronotop.volume.VolumeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeCommandTest {
    static final VolumeConfig CONFIG = new VolumeConfig(16 * 1024, 4096, 64, 1 << 20, 0);

    @TempDir
    Path dir;

    record Run(int exit, String out) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = KronotopTool.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    List<EntryLocation> fill(int n) throws Exception {
        List<EntryLocation> locations = new ArrayList<>();
        try (FileSegmentStore store = FileSegmentStore.open(dir, "bucket-shard-1", 5, CONFIG)) {
            for (int i = 0; i < n; i++) {
                locations.add(store.append(0xABCDL, MemorySegment.ofArray(new byte[1000 + i])).get());
            }
        }
        return locations;
    }

    @Test
    void shouldDumpHeadersAndEntries() throws Exception {
        fill(20);
        Run run = run("volume", "dump", dir.toString(), "--bytes", "4");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("segment 0000000000000000000", "segment 0000000000000000001",
            "volume       bucket-shard-1 (id 5)", "entry @256 length 1000 prefix 0xabcd epoch 1 crc ok bytes 00000000",
            "end of data");
    }

    @Test
    void shouldVerifyACleanVolume() throws Exception {
        fill(20);
        Run run = run("volume", "verify", dir.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("OK: 2 segment(s), no damage");
    }

    @Test
    void shouldReportDamageWithFileAndOffset() throws Exception {
        List<EntryLocation> locations = fill(20);
        EntryLocation victim = locations.get(3);
        Path file = dir.resolve("segments").resolve("000000000000000000" + victim.segmentId());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {42}), victim.offset() + 40);
        }
        Run run = run("volume", "verify", dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("DAMAGE: " + file + " @" + victim.offset() + ": payload CRC32C mismatch");
        assertThat(run("volume", "dump", dir.toString()).out()).contains("entry @" + victim.offset());
    }

    @Test
    void shouldDumpOneSegmentsHeaderOnly() throws Exception {
        fill(20);
        Run run = run("volume", "dump", dir.resolve("segments").toString(), "--segment", "1", "--headers-only");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("segment 0000000000000000001").doesNotContain("segment 0000000000000000000")
            .doesNotContain("entry @").contains("entries      ");
    }

    @Test
    void shouldRefuseAFolderThatDoesNotExist() {
        assertThat(run("volume", "verify", dir.resolve("nope").toString()).exit()).isEqualTo(2);
    }
}
