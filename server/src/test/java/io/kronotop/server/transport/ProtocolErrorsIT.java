package io.kronotop.server.transport;

import io.kronotop.server.testing.RealServer;
import io.kronotop.server.testing.RespClient;
import io.kronotop.server.testing.RespClient.Err;
import io.kronotop.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A malformed frame gets {@code -ERR Protocol error: ...} and closes that connection only. */
@RealServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolErrorsIT {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "*1\\r\\n$abc\\r\\n|invalid bulk length",
        "*1\\r\\n$-3\\r\\n|invalid bulk length",
        "*1\\r\\n$99999999999\\r\\n|invalid bulk length",
        "*abc\\r\\n|invalid multibulk length",
        "*99999999\\r\\n|invalid multibulk length",
        "*1\\r\\n+PING\\r\\n|expected '$', got '+'",
        "ECHO \"unbalanced\\r\\n|unbalanced quotes in request",
    })
    void shouldCloseOnlyTheOffendingConnection(String frame, String message, RunningServer server) {
        try (RespClient healthy = RespClient.connect(server.port());
             RespClient offender = RespClient.connect(server.port())) {
            assertThat(healthy.call("PING")).isEqualTo("PONG");
            long errorsBefore = protocolErrors(healthy);

            offender.sendRaw(frame.replace("\\r\\n", "\r\n"));
            assertThat(offender.read()).isEqualTo(new Err("ERR Protocol error: " + message));
            assertThat(offender.isClosedByServer()).isTrue();

            assertThat(healthy.call("ECHO", "still here")).isEqualTo("still here");
            assertThat(protocolErrors(healthy)).isEqualTo(errorsBefore + 1);
        }
        try (RespClient fresh = RespClient.connect(server.port())) {
            assertThat(fresh.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void shouldAnswerCommandsBeforeTheMalformedFrameInTheSameWrite(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nok\r\n*1\r\n$x\r\n*1\r\n$4\r\nPING\r\n");
            assertThat(c.read()).isEqualTo("PONG");
            assertThat(c.read()).isEqualTo("ok");
            assertThat(c.read()).isEqualTo(new Err("ERR Protocol error: invalid bulk length"));
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldRejectAnInlineRequestLongerThanTheLimit(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("a".repeat(70_000));
            assertThat(c.read()).isEqualTo(new Err("ERR Protocol error: too big inline request"));
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldRejectABulkLengthLineLongerThanTheLimit(RunningServer server) {
        try (RespClient c = RespClient.connect(server.port())) {
            c.sendRaw("*1\r\n$" + "1".repeat(70_000));
            assertThat(c.read()).isEqualTo(new Err("ERR Protocol error: too big bulk count string"));
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void shouldForgetAClientThatResetsTheConnectionInTheMiddleOfAFrame(RunningServer server) throws Exception {
        try (RespClient observer = RespClient.connect(server.port())) {
            long observerId = (Long) observer.call("CLIENT", "ID");
            java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
            socket.getOutputStream().write("*2\r\n$4\r\nECHO\r\n$100\r\nonly-part".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() ->
                ((String) observer.call("CLIENT", "LIST")).lines().count() >= 2);
            socket.setSoLinger(true, 0); // close with RST
            socket.close();
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(((String) observer.call("CLIENT", "LIST")).lines())
                    .allMatch(line -> line.startsWith("id=" + observerId + " ")));
            assertThat(observer.call("PING")).isEqualTo("PONG");
        }
    }

    private static long protocolErrors(RespClient c) {
        Matcher m = Pattern.compile("total_protocol_errors:(\\d+)").matcher((String) c.call("INFO", "stats"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
