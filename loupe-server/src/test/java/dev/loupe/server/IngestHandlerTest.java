package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/ingest} in every format, against a real server on a loopback port with a real
 * store; what was ingested is read back through the query API.
 */
class IngestHandlerTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2), CLOCK);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void logfmtBodiesBecomeFieldsAndTheirLevelsAreNormalised() throws Exception {
    String body =
        "ts=2026-11-22T10:00:00Z lvl=E msg=\"payment declined\" order=42 service=api\n"
            + "ts=2026-11-22T10:00:01Z level=info msg=\"paid\" order=43 service=api\n";

    HttpResponse<String> response =
        post("/api/v1/ingest?_format=logfmt&_stream_fields=service", body.getBytes());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"accepted\":2", "\"rejected\":0");
    List<String> rows = rows("level:error");
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst())
        .contains(
            "\"_time\":\"2026-11-22T10:00:00Z\"",
            "\"_msg\":\"payment declined\"",
            "\"lvl\":\"E\"",
            "\"order\":\"42\"",
            "\"level\":\"error\"");
  }

  @Test
  void accessLogsChosenByHeaderBecomeTypedFields() throws Exception {
    String body =
        "203.0.113.7 - - [22/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 200 2318 \"-\""
            + " \"curl/8.0\"\n"
            + "203.0.113.8 - - [22/Nov/2026:11:00:00 +0100] \"POST /pay HTTP/1.1\" 503 -\n";

    HttpResponse<String> response =
        post(
            "/api/v1/ingest", body.getBytes(), "Loupe-Format", "clf", "Content-Type", "text/plain");

    assertThat(response.body()).contains("\"accepted\":2");
    List<String> rows = rows("status:503");
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst())
        .contains(
            "\"_time\":\"2026-11-22T10:00:00Z\"",
            "\"client_ip\":\"203.0.113.8\"",
            "\"method\":\"POST\"",
            "\"path\":\"/pay\"",
            "\"bytes\":\"0\"",
            "\"level\":\"error\"");
    assertThat(rows("user_agent:curl")).hasSize(1);
  }

  @Test
  void plainTextJoinsStackTracesUnlessToldOtherwise() throws Exception {
    String trace =
        "ERROR request failed\n"
            + "java.lang.IllegalStateException: boom\n"
            + "\tat com.example.App.run(App.java:10)\n"
            + "INFO next\n";

    post("/api/v1/ingest?tenant=joined", trace.getBytes(), "Content-Type", "text/plain");
    post("/api/v1/ingest?tenant=apart&_format=plain&_multiline=off", trace.getBytes());
    post(
        "/api/v1/ingest?tenant=pattern&_format=plain",
        trace.getBytes(),
        "Loupe-Multiline-Start",
        "^(ERROR|INFO)\\b");

    assertThat(rows("*", "joined")).hasSize(2);
    assertThat(rows("IllegalStateException", "joined").getFirst())
        .contains("\"_msg\":\"ERROR request failed\\njava.lang.IllegalStateException: boom\\n");
    assertThat(rows("*", "apart")).hasSize(4);
    assertThat(rows("*", "pattern")).hasSize(2);
  }

  @Test
  void jsonLinesGetNormalisedLevelsAndKeepTheOriginalSpelling() throws Exception {
    post(
        "/api/v1/ingest",
        "{\"_msg\":\"disk almost full\",\"level\":\"WARNING\"}\n{\"_msg\":\"ok\",\"severity\":\"Info\"}\n"
            .getBytes());

    assertThat(rows("level:warn").getFirst()).contains("\"level_raw\":\"WARNING\"");
    assertThat(rows("level:info").getFirst()).contains("\"severity\":\"Info\"");
  }

  @Test
  void unknownFormatsAndBadMultilineSettingsAreBadRequestsThatStoreNothing() throws Exception {
    HttpResponse<String> unknown = post("/api/v1/ingest?_format=xml", "x\n".getBytes());
    HttpResponse<String> badPattern =
        post("/api/v1/ingest?_format=plain&_multiline_start=(x", "x\n".getBytes());

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body())
        .contains(
            "\"code\":\"BAD_REQUEST\"",
            "unknown ingest format \\\"xml\\\": use _format (or the Loupe-Format header) with"
                + " one of json, logfmt, clf, plain, syslog");
    assertThat(badPattern.statusCode()).isEqualTo(400);
    assertThat(badPattern.body()).contains("invalid start-of-event pattern");
    assertThat(rows("*")).isEmpty();
  }

  @Test
  void syslogBodiesFromLoggerBecomeTheRecordsTheListenersMake() throws Exception {
    String rfc5424 =
        loggerMessage(
            "--rfc5424",
            "-t",
            "checkout",
            "-p",
            "local0.err",
            "--sd-id",
            "req@32473",
            "--sd-param",
            "id=\"42\"",
            "payment declined");
    String rfc3164 = loggerMessage("--rfc3164", "-t", "cron", "-p", "cron.info", "job done");
    String counted = loggerMessage("--rfc5424", "-t", "counted", "-p", "user.warning", "a\nb");

    HttpResponse<String> byParameter =
        post("/api/v1/ingest?_format=syslog", (rfc5424 + "\n" + rfc3164 + "\n").getBytes());
    HttpResponse<String> byHeader =
        post(
            "/api/v1/ingest?tenant=framed",
            (counted.getBytes(StandardCharsets.UTF_8).length + " " + counted).getBytes(),
            "Loupe-Format",
            "syslog");

    assertThat(byParameter.statusCode()).isEqualTo(200);
    assertThat(byParameter.body()).contains("\"accepted\":2", "\"rejected\":0");
    assertThat(rows("appname:checkout").getFirst())
        .contains(
            "\"_msg\":\"payment declined\"",
            "\"facility\":\"local0\"",
            "\"severity\":\"err\"",
            "\"level\":\"error\"",
            "\"sd.req@32473.id\":\"42\"",
            "\"source\":\"syslog\"",
            "\"_stream\":\"{appname=\\\"checkout\\\",host=");
    assertThat(rows("appname:cron facility:cron severity:info").getFirst())
        .contains("\"_msg\":\"job done\"");
    assertThat(byHeader.body()).contains("\"accepted\":1");
    assertThat(rows("appname:counted", "framed").getFirst())
        .contains("\"_msg\":\"a\\nb\"", "\"level\":\"warn\"");
  }

  /** The message util-linux logger would send, as it prints it without sending. */
  private static String loggerMessage(String... arguments) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("logger", "-n", "127.0.0.1", "-P", "9", "-d", "--no-act", "--stderr"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TZ", "UTC");
    Process process = builder.start();
    String printed = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("logger exit status; output: %s", printed).isZero();
    return printed.stripTrailing();
  }

  @Test
  void invalidUtf8IsReplacedInEveryFormatNotRejected() throws Exception {
    byte[][] bodies = {
      withInvalidByte("{\"_msg\":\"json caf", "\"}\n"),
      withInvalidByte("msg=\"logfmt caf", "\"\n"),
      withInvalidByte(
          "1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] \"GET /clf/caf", " HTTP/1.1\" 200 1\n"),
      withInvalidByte("plain caf", "\n"),
      withInvalidByte("<13>1 - host app - - - syslog caf", "\n"),
    };
    String[] formats = {"json", "logfmt", "clf", "plain", "syslog"};
    for (int index = 0; index < formats.length; index++) {
      HttpResponse<String> response =
          post("/api/v1/ingest?_format=" + formats[index], bodies[index]);
      assertThat(response.body()).as(formats[index]).contains("\"accepted\":1", "\"rejected\":0");
    }

    assertThat(rows("*")).hasSize(5).allMatch(row -> row.contains("caf\uFFFD"));
  }

  private static byte[] withInvalidByte(String before, String after) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    body.write(0xE9); // é in Latin-1: not UTF-8
    body.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> rows(String query) throws IOException, InterruptedException {
    return rows(query, "default");
  }

  /** The result rows of a query, without the status line. */
  private List<String> rows(String query, String tenant) throws IOException, InterruptedException {
    String pathAndQuery =
        "/api/v1/query?tenant="
            + tenant
            + "&query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body().lines().filter(line -> !line.startsWith("{\"_status\"")).toList();
  }
}
