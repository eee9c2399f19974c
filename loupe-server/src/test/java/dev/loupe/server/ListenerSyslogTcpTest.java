package dev.loupe.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over TCP from the real util-linux logger and from raw sockets, into a real server. */
class ListenerSyslogTcpTest {
  private static final String HUGE_HEADER = "<13>1 - h huge - - - ";

  @TempDir Path directory;
  private SyslogTestServer loupe;

  @AfterEach
  void stop() {
    if (loupe != null) {
      loupe.close();
    }
  }

  private SyslogTestServer start(SyslogConfig config) {
    loupe = new SyslogTestServer(directory).start(config);
    return loupe;
  }

  private int port() {
    return loupe.server().syslogTcpPort();
  }

  @Test
  void rfc5424WithOctetCountingAndStructuredDataFromLogger() throws Exception {
    start(SyslogTestServer.plainListeners());
    Instant before = Instant.now();

    loupe.logger(
        "-P",
        "" + port(),
        "-T",
        "--octet-count",
        "--rfc5424",
        "-t",
        "myapp",
        "-p",
        "local0.notice",
        "--msgid",
        "ID47",
        "--sd-id",
        "ex@32473",
        "--sd-param",
        "k=\"v \\\"q\\\" \\]\"",
        "--sd-param",
        "n=\"1\"",
        "hello world");

    Map<String, String> row = loupe.awaitRows("appname:myapp", 1).getFirst();
    assertThat(row)
        .containsEntry("_msg", "hello world")
        .containsEntry("facility", "local0")
        .containsEntry("severity", "notice")
        .containsEntry("level", "info")
        .containsEntry("host", SyslogTestServer.hostName())
        .containsEntry("appname", "myapp")
        .containsEntry("msgid", "ID47")
        .containsEntry("sd.ex@32473.k", "v \"q\" ]")
        .containsEntry("sd.ex@32473.n", "1")
        .containsEntry("sd.timeQuality.tzKnown", "1")
        .containsEntry("source", "syslog")
        .doesNotContainKeys("procid", "syslog.error");
    assertThat(row.get("_stream"))
        .isEqualTo(
            "{appname=\"myapp\",host=\"" + SyslogTestServer.hostName() + "\",source=\"syslog\"}");
    Instant sent = Instant.parse(row.get("_time"));
    assertThat(sent).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(loupe.awaitMetric("loupe_syslog_messages_accepted_total", 1)).isEqualTo(1);
  }

  @Test
  void aMultiLineMessageStaysWholeWithOctetCounting() throws Exception {
    start(SyslogTestServer.plainListeners());

    loupe.logger(
        "-P",
        "" + port(),
        "-T",
        "--octet-count",
        "--rfc5424",
        "-t",
        "trace",
        "-i",
        "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)");

    Map<String, String> row = loupe.awaitRows("appname:trace", 1).getFirst();
    assertThat(row.get("_msg"))
        .isEqualTo(
            "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)");
    assertThat(row.get("procid")).matches("[0-9]+");
  }

  @Test
  void rfc5424WithNewlineFramingFromLogger() throws Exception {
    start(SyslogTestServer.plainListeners());

    loupe.logger("-P", "" + port(), "-T", "--rfc5424", "-t", "nl", "-p", "daemon.warning", "x y");

    assertThat(loupe.awaitRows("appname:nl", 1).getFirst())
        .containsEntry("_msg", "x y")
        .containsEntry("facility", "daemon")
        .containsEntry("severity", "warning")
        .containsEntry("level", "warn");
  }

  @Test
  void rfc3164FromLoggerOverBothFramings() throws Exception {
    start(SyslogTestServer.plainListeners());
    Instant before = Instant.now();

    loupe.logger("-P", "" + port(), "-T", "--rfc3164", "-t", "bsd", "-p", "auth.err", "-i", "one");
    loupe.logger("-P", "" + port(), "-T", "--octet-count", "--rfc3164", "-t", "bsd", "two");

    List<Map<String, String>> rows = loupe.awaitRows("appname:bsd", 2);
    String shortHost = SyslogTestServer.hostName().split("\\.")[0];
    Map<String, String> one =
        rows.stream().filter(r -> r.get("_msg").equals("one")).findAny().get();
    assertThat(one)
        .containsEntry("facility", "auth")
        .containsEntry("severity", "err")
        .containsEntry("level", "error")
        .containsEntry("host", shortHost)
        .containsKey("procid");
    // RFC 3164 times have whole seconds and no year: this year's, in the configured zone (UTC).
    Instant time = Instant.parse(one.get("_time"));
    assertThat(time).isBetween(before.minusSeconds(2), Instant.now());
    assertThat(rows).extracting(r -> r.get("_msg")).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void manyMessagesOfOneConnectionAllArrive() throws Exception {
    start(SyslogTestServer.plainListeners());
    Path file = directory.resolve("lines.txt");
    List<String> lines = new ArrayList<>();
    for (int index = 0; index < 2000; index++) {
      lines.add("line " + index);
    }
    Files.write(file, lines);

    loupe.logger(
        "-P", "" + port(), "-T", "--octet-count", "--rfc5424", "-t", "bulk", "-f", file.toString());

    List<Map<String, String>> rows = loupe.awaitRows("appname:bulk", 2000);
    List<String> messages = new ArrayList<>(rows.stream().map(r -> r.get("_msg")).toList());
    assertThat(messages).containsExactlyInAnyOrderElementsOf(lines);
    assertThat(loupe.awaitMetric("loupe_syslog_messages_accepted_total", 2000)).isEqualTo(2000);
  }

  @Test
  void badConnectionsDoNotStopTheListener() throws Exception {
    start(SyslogTestServer.plainListeners().withMaxMessageBytes(1000));
    try (Socket garbage = new Socket("127.0.0.1", port())) {
      OutputStream out = garbage.getOutputStream();
      out.write("this is not syslog\n\u0000\u0001\u0002 <<<>>>\n".getBytes(UTF_8));
      out.write((HUGE_HEADER + "x".repeat(100_000) + "\n").getBytes(UTF_8));
      out.write("<13>1 - h after - - - still read\n".getBytes(UTF_8));
    }
    try (Socket midFrame = new Socket("127.0.0.1", port())) {
      midFrame.getOutputStream().write("500 <13>1 - h cut - - - only part".getBytes(UTF_8));
    }
    try (Socket reset = new Socket("127.0.0.1", port())) {
      reset.getOutputStream().write("<13>1 - h reset - - - before the reset\n".getBytes(UTF_8));
      reset.setSoLinger(true, 0);
    }

    loupe.logger("-P", "" + port(), "-T", "--rfc5424", "-t", "good", "still listening");

    assertThat(loupe.awaitRows("appname:good", 1).getFirst())
        .containsEntry("_msg", "still listening");
    assertThat(loupe.awaitRows("appname:after", 1).getFirst()).containsEntry("_msg", "still read");
    Map<String, String> huge = loupe.awaitRows("appname:huge", 1).getFirst();
    assertThat(huge.get("syslog.truncated")).isEqualTo("" + (HUGE_HEADER.length() + 100_000));
    assertThat(huge.get("_msg")).hasSize(1000 - HUGE_HEADER.length());
    List<Map<String, String>> malformed = loupe.awaitRows("syslog.error:*", 2);
    assertThat(malformed)
        .extracting(r -> r.get("syslog.error"))
        .allMatch(error -> error.startsWith("not syslog at byte 0: expected '<'"));
    assertThat(loupe.query("appname:cut")).isEmpty();
    assertThat(loupe.awaitMetric("loupe_syslog_messages_rejected_total", 1)).isEqualTo(1);
    assertThat(loupe.metric("loupe_syslog_messages_malformed_total")).isEqualTo(2);
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
    start(SyslogTestServer.plainListeners().withMaxConnections(2));
    try (Socket first = new Socket("127.0.0.1", port());
        Socket second = new Socket("127.0.0.1", port())) {
      first.getOutputStream().write("<13>1 - h one - - - a\n".getBytes(UTF_8));
      second.getOutputStream().write("<13>1 - h two - - - b\n".getBytes(UTF_8));
      loupe.awaitRows("appname:one OR appname:two", 2);

      try (Socket third = new Socket("127.0.0.1", port())) {
        InputStream input = third.getInputStream();
        assertThat(input.read()).as("the third connection is closed by the server").isEqualTo(-1);
      }
      assertThat(loupe.metric("loupe_syslog_connections_refused_total")).isEqualTo(1);
      assertThat(loupe.metric("loupe_syslog_connections_open")).isEqualTo(2);
    }

    // The server sees both clients go (their threads end) before there is room again.
    assertThat(loupe.awaitMetric("loupe_syslog_connections_open", open -> open == 0)).isZero();

    loupe.logger("-P", "" + port(), "-T", "--rfc5424", "-t", "later", "room again");

    assertThat(loupe.awaitRows("appname:later", 1)).hasSize(1);
  }

  @Test
  void aCleanStopStoresEveryMessageItRead() throws Exception {
    start(SyslogTestServer.plainListeners());
    // A sender in full flow while the server stops: numbered messages until the server is gone.
    Socket socket = new Socket("127.0.0.1", port());
    AtomicInteger sent = new AtomicInteger();
    Thread sender =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (socket) {
                    OutputStream out = socket.getOutputStream();
                    while (true) {
                      StringBuilder burst = new StringBuilder();
                      for (int index = 0; index < 50; index++) {
                        String message = "<13>1 - h seq - - - " + sent.getAndIncrement();
                        burst.append(message.length()).append(' ').append(message);
                      }
                      out.write(burst.toString().getBytes(UTF_8));
                      // A steady flow rather than a flood: enough to be mid-stream at the stop,
                      // little enough that the test stays quick on a loaded machine.
                      Thread.sleep(1);
                    }
                  } catch (IOException | InterruptedException serverGone) {
                    // The server stopped: the end of this sender, as expected.
                  }
                });
    loupe.awaitMetric("loupe_syslog_messages_accepted_total", 1000);
    loupe.close();
    sender.join();

    // The store, opened again, holds an unbroken run 0..n-1: nothing read before the stop is lost.
    loupe = new SyslogTestServer(directory).start(SyslogConfig.disabled());
    Map<String, String> run =
        loupe
            .query(
                "appname:seq | stats count() as n, count_uniq(_msg) as distinct, min(_msg) as"
                    + " first, max(_msg) as last")
            .getFirst();
    long stored = Long.parseLong(run.get("n"));
    assertThat(stored).isGreaterThanOrEqualTo(1000).isLessThanOrEqualTo(sent.get());
    assertThat(run)
        .containsEntry("distinct", "" + stored)
        .containsEntry("first", "0")
        .containsEntry("last", "" + (stored - 1));
  }

  @Test
  void recordsWithoutTimeGetTheReceiveTimeInOrder() throws Exception {
    start(SyslogTestServer.plainListeners());
    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket
          .getOutputStream()
          .write("<13>1 - h order - - - a\n<13>1 - h order - - - b\n".getBytes(UTF_8));
    }

    List<Map<String, String>> rows = loupe.awaitRows("appname:order", 2);

    // Newest first: b was received after a.
    assertThat(rows).extracting(r -> r.get("_msg")).containsExactly("b", "a");
    long first = Timestamps.toNanos(Instant.parse(rows.get(1).get("_time")));
    long second = Timestamps.toNanos(Instant.parse(rows.get(0).get("_time")));
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void tlsClientsAreReadLikePlainOnes() throws Exception {
    start(SyslogTestServer.allListeners());

    try (SSLSocket socket = tlsClient()) {
      String message = "<165>1 2026-11-22T10:00:00Z h secure - - [a b=\"c\"] over tls";
      socket.getOutputStream().write((message.length() + " " + message).getBytes(UTF_8));
    }

    assertThat(loupe.awaitRows("appname:secure", 1).getFirst())
        .containsEntry("_msg", "over tls")
        .containsEntry("_time", "2026-11-22T10:00:00Z")
        .containsEntry("sd.a.b", "c");
  }

  @Test
  void aFailedTlsHandshakeEndsOnlyItsConnection() throws Exception {
    start(SyslogTestServer.allListeners());
    int tlsPort = loupe.server().syslogTlsPort();
    try (Socket plain = new Socket("127.0.0.1", tlsPort)) {
      plain.getOutputStream().write("<13>1 - h plain - - - not tls\n".getBytes(UTF_8));
      plain.setSoTimeout(10_000);
      // The server closes the connection, after a TLS alert (content type 21) at most.
      byte[] answer = plain.getInputStream().readAllBytes();
      assertThat(answer.length == 0 || answer[0] == 21).as("answer %s", answer).isTrue();
    }

    try (SSLSocket socket = tlsClient()) {
      socket.getOutputStream().write("<13>1 - h secure - - - after\n".getBytes(UTF_8));
    }

    assertThat(loupe.awaitRows("appname:secure", 1)).hasSize(1);
    assertThat(loupe.query("appname:plain")).isEmpty();
  }

  @Test
  void aTlsClientThatNeverFinishesItsHandshakeIsClosedAfterTheSetTimeout() throws Exception {
    start(
        SyslogTestServer.allListeners()
            .withSockets(SyslogSockets.defaults().withTlsHandshakeTimeout(Duration.ofMillis(100))));
    int tlsPort = loupe.server().syslogTlsPort();
    try (Socket silent = new Socket("127.0.0.1", tlsPort)) {
      // A bound for a broken server only; the server closes the connection after 100 ms.
      silent.setSoTimeout(60_000);

      assertThat(silent.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    }

    // (No real client after it: one that takes longer than 100 ms to handshake, as on a busy
    // machine, would be closed too. tlsClientsAreReadLikePlainOnes covers those.)
    assertThat(loupe.awaitMetric("loupe_syslog_connections_open", open -> open == 0)).isZero();
  }

  /** A JDK TLS client that trusts the test certificate and checks the host name. */
  private SSLSocket tlsClient() throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (InputStream certificate =
        Files.newInputStream(SyslogTestServer.resource("syslog-tls/cert.pem"))) {
      trusted.setCertificateEntry(
          "loupe", CertificateFactory.getInstance("X.509").generateCertificate(certificate));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket("127.0.0.1", loupe.server().syslogTlsPort());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }
}
