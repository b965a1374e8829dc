package io.kronotop.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code redis-cli} against a port and returns what it printed. */
public final class RedisCli {
    private RedisCli() {
    }

    /** The result of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** {@code redis-cli -p port args...}, stdout trimmed of its final newline. */
    public static String run(int port, String... args) {
        Result result = runWithInput(port, null, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("redis-cli exited " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout().endsWith("\n")
            ? result.stdout().substring(0, result.stdout().length() - 1) : result.stdout();
    }

    /** Runs redis-cli with optional standard input (for pipe mode and inline scripts). */
    public static Result runWithInput(int port, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("redis-cli");
        command.add("-p");
        command.add(Integer.toString(port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        try {
            Path errFile = Files.createTempFile("redis-cli-", ".err");
            builder.redirectError(errFile.toFile());
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            byte[] out;
            try (InputStream stdout = process.getInputStream()) {
                out = stdout.readAllBytes();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("redis-cli did not finish");
            }
            byte[] err = Files.readAllBytes(errFile);
            Files.deleteIfExists(errFile);
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run redis-cli (bin/test installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
