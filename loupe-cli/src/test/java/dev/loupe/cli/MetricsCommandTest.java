package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe metrics rules apply|list|delete} against a real server on loopback. */
class MetricsCommandTest {
  @TempDir Path data;

  private static CommandRun run(String... arguments) {
    return CommandRun.of(arguments);
  }

  @Test
  void applyListAndDeleteRules() throws Exception {
    StorageConfig storage =
        StorageConfig.defaults(data.resolve("store"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    try (LoupeServer server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 1),
            InstantSource.system())) {
      String url = "http://127.0.0.1:" + server.port();
      Path file = data.resolve("rules.yaml");
      Files.writeString(
          file,
          "rules:\n  - name: payments_errors\n    query: 'service:payments level:error'\n    by: [host]\n");

      CommandRun applied = run("metrics", "rules", "apply", "-f", file.toString(), "--server", url);
      assertThat(applied.exitCode()).isZero();
      assertThat(applied.out())
          .startsWith("rules in force:")
          .containsPattern("payments_errors +api +count +service:payments level:error +host +10s");

      CommandRun listed = run("metrics", "rules", "list", "--server", url);
      assertThat(listed.out())
          .contains("NAME", "SOURCE", "AGGREGATION", "QUERY", "BY", "WINDOW")
          .containsPattern("loupe_errors_by_service +builtin +count +level:error OR level:fatal")
          .containsPattern("payments_errors +api");
      CommandRun json = run("metrics", "rules", "list", "--json", "--server", url);
      assertThat(json.out())
          .contains("\"name\":\"payments_errors\"")
          .contains("\"source\":\"builtin\"");

      // what list --json prints, apply takes back (from standard input)
      InputStream stdin = System.in;
      try {
        System.setIn(
            new ByteArrayInputStream(
                json.out().replace("level:error", "level:warn").getBytes(StandardCharsets.UTF_8)));
        CommandRun reapplied = run("metrics", "rules", "apply", "-f", "-", "--server", url);
        assertThat(reapplied.exitCode()).as(reapplied.err()).isZero();
        assertThat(reapplied.out())
            .containsPattern("payments_errors +api +count +service:payments level:warn");
      } finally {
        System.setIn(stdin);
      }

      assertThat(run("metrics", "rules", "delete", "payments_errors", "--server", url).out())
          .isEqualTo("deleted metric rule payments_errors" + System.lineSeparator());
      CommandRun missing = run("metrics", "rules", "delete", "payments_errors", "--server", url);
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err())
          .isEqualTo(
              "server answered 404: no metric rule named payments_errors made through the API"
                  + System.lineSeparator());

      Files.writeString(file, "rules:\n  - name: bad\n    window: forever\n");
      CommandRun bad = run("metrics", "rules", "apply", "-f", file.toString(), "--server", url);
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).contains("bad duration").doesNotContain("{\"error\"");
    }
  }

  @Test
  void queryPrintsTheSeriesOfARuleOneRowAStepAndLabelSet() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-11-22T12:00:01Z"));
    StorageConfig storage =
        StorageConfig.defaults(data.resolve("store"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    try (LoupeServer server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 1), now::get)) {
      String url = "http://127.0.0.1:" + server.port();
      StringBuilder lines = new StringBuilder();
      for (int index = 0; index < 5; index++) {
        String service = index < 3 ? "api" : "web";
        lines.append(
            "{\"_time\":\"2026-11-22T12:00:0"
                + index
                + "Z\",\"_msg\":\"x\",\"service\":\""
                + service
                + "\",\"level\":\"error\"}\n");
      }
      java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/api/v1/ingest"))
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(lines.toString()))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      now.set(Instant.parse("2026-11-22T12:00:16Z"));
      server.metricEngine().sync();

      CommandRun series =
          run(
              "metrics",
              "query",
              "loupe_errors_by_service",
              "--start",
              "2026-11-22T12:00:00Z",
              "--end",
              "2026-11-22T12:01:00Z",
              "--server",
              url);
      assertThat(series.exitCode()).as(series.err()).isZero();
      assertThat(series.out())
          .isEqualTo(
              String.join(
                  System.lineSeparator(),
                  "TIME                  LABELS       COUNT",
                  "2026-11-22T12:00:00Z  service=api  3",
                  "2026-11-22T12:00:00Z  service=web  2",
                  ""));
      CommandRun together =
          run(
              "metrics",
              "query",
              "loupe_errors_by_service",
              "--start",
              "2026-11-22T12:00:00Z",
              "--by",
              "",
              "--server",
              url);
      assertThat(together.out()).contains("2026-11-22T12:00:00Z  -       5");
      CommandRun empty =
          run("metrics", "query", "loupe_errors_by_service", "--start", "1s", "--server", url);
      assertThat(empty.out()).startsWith("no points of loupe_errors_by_service in the range");
      CommandRun wrong = run("metrics", "query", "nope", "--server", url);
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.err())
          .isEqualTo(
              "server answered 404: no metric rule named nope; GET /api/v1/metrics/rules lists"
                  + " them"
                  + System.lineSeparator());
    }
  }

  @Test
  void everyCommandHasHelp() {
    assertThat(run("metrics", "--help").out()).contains("rules", "query");
    assertThat(run("metrics", "rules", "--help").out()).contains("list", "apply", "delete");
    assertThat(run("metrics", "rules", "list", "--help").out()).contains("--json", "--server");
    assertThat(run("metrics", "rules", "apply", "--help").out())
        .contains("--file", "standard input");
    assertThat(run("metrics", "query", "--help").out())
        .contains("--start", "--end", "--step", "--by", "--json");
  }
}
