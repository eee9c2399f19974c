package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.server.SyslogConfig;
import dev.loupe.storage.StorageConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5424 over TCP with octet counting, read back by a receiver on a loopback socket and by
 * Loupe's own syslog listener.
 */
class OutputSyslogTcpTest {
  /** PRI, version, timestamp, host, app, procid, msgid, structured data, message. */
  private static final Pattern RFC5424 =
      Pattern.compile(
          "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z) (\\S+) (\\S+) (\\S+) (\\S+)"
              + " (-|\\[loupe@32473 (?:[^\\]\\\\]|\\\\.)*\\]) (.*)",
          Pattern.DOTALL);

  @Test
  void everyLineArrivesWholeAsAnOctetCountedMessage() throws Exception {
    List<Line> lines = Simulated.lines(9, 3_000, "error-burst:service=catalog,at=0,for=1m");
    List<String> received;
    try (ServerSocket receiver = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> messages = new ArrayList<>();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Socket connection = receiver.accept()) {
                      messages.addAll(readFrames(connection.getInputStream()));
                    } catch (IOException failed) {
                      throw new IllegalStateException(failed);
                    }
                  });
      OutputSyslogTcp output =
          new OutputSyslogTcp("127.0.0.1", receiver.getLocalPort(), 0, 1_000_000L, 1_000_000_000L);
      for (Line line : lines) {
        output.write(line);
      }
      output.close();
      reader.join();
      received = messages;
      assertThat(output.summary()).contains("3,000 messages");
    }

    assertThat(received).hasSize(lines.size());
    for (int index = 0; index < lines.size(); index++) {
      Line line = lines.get(index);
      Matcher message = RFC5424.matcher(received.get(index));
      assertThat(message.matches()).as(received.get(index)).isTrue();
      int priority = Integer.parseInt(message.group(1));
      assertThat(priority % 8).isEqualTo(Facility.severity(line.level()));
      assertThat(priority / 8).isEqualTo(Facility.of(line).code());
      assertThat(message.group(3)).isEqualTo(line.host());
      assertThat(message.group(4)).isEqualTo(line.service());
      assertThat(message.group(8)).endsWith(line.content());
    }
    assertThat(received)
        .anyMatch(message -> message.contains("\n\tat com.zaxxer.hikari.pool.HikariPool"));
    assertThat(received)
        .anyMatch(message -> message.startsWith("<86>1 ") && message.contains(" sshd "));
  }

  @Test
  void loupesSyslogListenerStoresEveryMessageWhole(@TempDir Path directory) throws Exception {
    SyslogConfig syslog = SyslogConfig.disabled().withTcpPort(0);
    ServerConfig config =
        new ServerConfig(
                "127.0.0.1",
                0,
                StorageConfig.defaults(directory).withMinFreeDiskBytes(0),
                IngestLimits.defaults(),
                2)
            .withSyslog(syslog);
    List<Line> lines = Simulated.lines(9, 2_000, "error-burst:service=catalog,at=0,for=1m");
    try (LoupeServer loupe =
        LoupeServer.start(config, InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z")))) {
      OutputSyslogTcp output =
          new OutputSyslogTcp("127.0.0.1", loupe.syslogTcpPort(), 0, 1_000_000L, 1_000_000_000L);
      for (Line line : lines) {
        output.write(line);
      }
      output.close();

      // syslog has no acknowledgement: wait (up to a minute) until the server has stored them all
      String range = "&start=2026-11-21T09:00:00Z&end=2026-11-21T11:00:00Z";
      long deadline = System.nanoTime() + 60_000_000_000L;
      long stored = 0;
      while (stored < lines.size() && System.nanoTime() < deadline) {
        stored = hits(loupe, "*", range);
        if (stored < lines.size()) {
          Thread.sleep(50);
        }
      }
      assertThat(stored).isEqualTo(lines.size());
      long sshd = lines.stream().filter(line -> line.service().equals("sshd")).count();
      assertThat(hits(loupe, "appname:sshd facility:authpriv", range)).isEqualTo(sshd);
      long errors = lines.stream().filter(line -> line.level().equals("error")).count();
      assertThat(hits(loupe, "level:error", range)).isEqualTo(errors);
      Line trace =
          lines.stream()
              .filter(line -> line.content().contains("\n\tat "))
              .findFirst()
              .orElseThrow();
      String body = query(loupe, "sd.loupe@32473.span_id:" + trace.field("span_id"), range);
      assertThat(body)
          .contains(JSON_ESCAPED_TAB_AT)
          .contains("\"appname\":\"" + trace.service() + "\"");
    }
  }

  private static final String JSON_ESCAPED_TAB_AT = "\\n\\tat ";

  private static long hits(LoupeServer loupe, String query, String range) throws Exception {
    String body = query(loupe, query, range, "/api/v1/hits");
    Matcher hits = Pattern.compile("\"hits\":(\\d+)").matcher(body);
    assertThat(hits.find()).as(body).isTrue();
    return Long.parseLong(hits.group(1));
  }

  private static String query(LoupeServer loupe, String query, String range) throws Exception {
    return query(loupe, query, range, "/api/v1/query");
  }

  private static String query(LoupeServer loupe, String query, String range, String path)
      throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + loupe.port()
                                + path
                                + "?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                                + range))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void noReceiverIsAClearError() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    assertThatThrownBy(() -> new OutputSyslogTcp("127.0.0.1", port, 0, 1_000_000L, 1_000_000_000L))
        .hasMessageContaining("cannot connect to syslog://127.0.0.1:" + port)
        .hasMessageContaining("is a syslog receiver listening there over TCP?");
  }

  /** RFC 6587 §3.4.1: {@code LENGTH SP MESSAGE}, again and again. */
  static List<String> readFrames(InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw);
    List<String> messages = new ArrayList<>();
    while (true) {
      int length = 0;
      int character = in.read();
      if (character < 0) {
        return messages;
      }
      while (character != ' ') {
        if (character < '0' || character > '9') {
          throw new IOException("not an octet count: " + (char) character);
        }
        length = length * 10 + character - '0';
        character = in.read();
      }
      messages.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
  }
}
