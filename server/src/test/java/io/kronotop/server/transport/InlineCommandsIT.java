package io.kronotop.server.transport;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RedisCli;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Inline (telnet-style) commands over a raw socket, and redis-cli reading commands or raw RESP from stdin. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InlineCommandsIT {

    @Test
    void shouldRunInlineCommands(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("PING\r\n");
            assertThat(c.read()).isEqualTo("PONG");
            c.sendRaw("ping\n");
            assertThat(c.read()).isEqualTo("PONG");
            c.sendRaw("ECHO hello\r\n");
            assertThat(c.read()).isEqualTo("hello");
            c.sendRaw("ECHO \"hello world\"\r\n");
            assertThat(c.read()).isEqualTo("hello world");
            c.sendRaw("ECHO 'single quoted'\r\n");
            assertThat(c.read()).isEqualTo("single quoted");
            c.sendRaw("ECHO \"tab\\there \\x41\"\r\n");
            assertThat(c.read()).isEqualTo("tab\there A");
            c.sendRaw("  CLIENT   SETNAME    spaced  \r\n");
            assertThat(c.read()).isEqualTo("OK");
            c.sendRaw("CLIENT GETNAME\r\n");
            assertThat(c.read()).isEqualTo("spaced");
        }
    }

    @Test
    void shouldIgnoreEmptyInlineLinesAndMixInlineWithMultibulk(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("\r\n\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$5\r\nmixed\r\nECHO inline\r\n");
            assertThat(c.read()).isEqualTo("PONG");
            assertThat(c.read()).isEqualTo("mixed");
            assertThat(c.read()).isEqualTo("inline");
        }
    }

    @Test
    void shouldIgnoreEmptyAndNullMultibulkFrames(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
            assertThat(c.read()).isEqualTo("PONG");
        }
    }

    @Test
    void shouldReplyErrorsToInlineCommandsAndQuit(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("FOO a b\r\n");
            assertThat(c.read()).isEqualTo(new Err("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "));
            c.sendRaw("ECHO\r\n");
            assertThat(c.read()).isEqualTo(new Err("ERR wrong number of arguments for 'echo' command"));
            c.sendRaw("QUIT\r\n");
            assertThat(c.read()).isEqualTo("OK");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldRunAScriptThatRedisCliReadsFromStdin(RunningServer server) {
        String script = "PING\nECHO hello\nCLIENT SETNAME scripted\nCLIENT GETNAME\nSELECT 3\n";
        RedisCli.Result result = RedisCli.runWithInput(server.port(), script.getBytes(StandardCharsets.UTF_8));
        assertThat(result.exitCode()).isZero();
        // redis-cli prints an error reply with an empty line after it when its output is not a terminal.
        assertThat(result.stdout()).isEqualTo("PONG\nhello\nOK\nscripted\nERR DB index is out of range\n\n");
    }

    @Test
    void shouldAcceptRawProtocolFromRedisCliPipeMode(RunningServer server) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000; i++) {
            input.writeBytes(RespClient.encode("ECHO", "piped-" + i));
        }
        RedisCli.Result result = RedisCli.runWithInput(server.port(), input.toByteArray(), "--pipe");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("errors: 0, replies: 1000");
    }
}
