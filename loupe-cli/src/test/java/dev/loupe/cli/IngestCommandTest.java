package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code loupe ingest} against a real server on a loopback port. */
class IngestCommandTest {
  @TempDir Path directory;
  private LoupeServer server;

  @BeforeEach
  void start() {
    StorageConfig storage =
        StorageConfig.defaults(directory.resolve("data"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsLogfmtAndAccessLogsInTheirFormat() throws Exception {
    Path logfmt = write("app.log", "level=error msg=\"payment declined\" order=42\n");
    Path access =
        write(
            "access.log",
            "203.0.113.7 - - [22/Nov/2026:10:00:00 +0000] \"GET /cart HTTP/1.1\" 404 12\n");

    assertThat(ingest(logfmt.toString(), "--format", "logfmt")).isZero();
    assertThat(ingest(access.toString(), "--format", "clf")).isZero();

    assertThat(rows("order:42")).hasSize(1).first().asString().contains("payment declined");
    assertThat(rows("status:404")).hasSize(1).first().asString().contains("\"level\":\"warn\"");
  }

  @Test
  void sendsSyslogChosenOrDetectedByItsPriority() throws Exception {
    Path messages =
        write(
            "messages.log",
            "<35>1 2026-11-22T10:00:00Z web-1 sshd 812 - - Failed password\n"
                + "<30>Nov 22 10:00:01 web-1 systemd[1]: Started job\n");
    Path fileLines = write("syslog", "Nov 22 10:00:02 web-2 CRON[99]: (root) CMD (run-parts)\n");

    assertThat(ingest(messages.toString())).isZero();
    assertThat(ingest(fileLines.toString(), "--format", "syslog")).isZero();

    assertThat(rows("appname:sshd severity:err"))
        .hasSize(1)
        .first()
        .asString()
        .contains("\"_msg\":\"Failed password\"", "\"facility\":\"auth\"");
    assertThat(rows("appname:systemd procid:1")).hasSize(1);
    assertThat(rows("host:web-2 appname:CRON")).hasSize(1);
  }

  @Test
  void detectsTheFormatFromTheFirstLine() {
    assertThat(IngestCommand.detect("{\"_msg\":\"x\"}")).isEqualTo("json");
    assertThat(IngestCommand.detect("<13>1 - - - - - - x")).isEqualTo("syslog");
    assertThat(IngestCommand.detect("<191>Nov 22 10:00:00 h a: x")).isEqualTo("syslog");
    assertThat(IngestCommand.detect("<html>")).isEqualTo("text");
    assertThat(IngestCommand.detect("Nov 22 10:00:00 h a: x")).isEqualTo("text");
  }

  @Test
  void plainTextBatchesNeverCutAStackTrace() throws Exception {
    Path file =
        write(
            "app.txt",
            "first event\n"
                + "ERROR request failed\n"
                + "java.lang.IllegalStateException: boom\n"
                + "\tat com.example.App.run(App.java:10)\n"
                + "\tat com.example.App.main(App.java:5)\n"
                + "last event\n");

    // Two lines a batch would cut the trace after its second line without the joiner.
    assertThat(ingest(file.toString(), "--batch-lines", "2")).isZero();

    assertThat(rows("*")).hasSize(3);
    assertThat(rows("IllegalStateException"))
        .hasSize(1)
        .first()
        .asString()
        .contains("ERROR request failed\\njava.lang.IllegalStateException: boom\\n\\tat");
  }

  @Test
  void rejectedLinesAreNumberedInTheFileAcrossBatches() throws Exception {
    Path file = write("bad.log", "msg=one\nmsg=two\nmsg=three\nmsg=\"open\n");
    StringWriter out = new StringWriter();

    int exitCode =
        executeCapturingStandardOut(
            out, "ingest", file.toString(), "--format", "logfmt", "--batch-lines", "3");

    assertThat(exitCode).isEqualTo(2);
    assertThat(out.toString()).contains("accepted 3 lines, rejected 1", "line 4: quoted value");
  }

  @Test
  void anUnknownFormatSaysWhichOnesExist() {
    StringWriter err = new StringWriter();
    CommandLine command = LoupeCommand.commandLine();
    command.setErr(new PrintWriter(err));

    int exitCode = command.execute("ingest", "-", "--format", "xml", "--server", url());

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString())
        .contains("--format must be one of auto, json, logfmt, clf, syslog, text, not xml");
  }

  private int ingest(String... arguments) {
    String[] all = new String[arguments.length + 3];
    all[0] = "ingest";
    System.arraycopy(arguments, 0, all, 1, arguments.length);
    all[all.length - 2] = "--server";
    all[all.length - 1] = url();
    return LoupeCommand.commandLine().execute(all);
  }

  /** The command prints its totals on System.out; capture them for the assertion. */
  private int executeCapturingStandardOut(StringWriter out, String... args) {
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--server";
    all[args.length + 1] = url();
    try {
      System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
      return LoupeCommand.commandLine().execute(all);
    } finally {
      System.setOut(original);
      out.write(captured.toString(StandardCharsets.UTF_8));
    }
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(directory.resolve(name), text);
  }

  private String url() {
    return "http://127.0.0.1:" + server.port();
  }

  private List<String> rows(String query) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            url()
                                + "/api/v1/query?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body().lines().filter(line -> !line.startsWith("{\"_status\"")).toList();
  }
}
