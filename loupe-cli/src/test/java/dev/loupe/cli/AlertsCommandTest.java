package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.AnalyticsConfig;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe alerts list} and {@code loupe alerts rules list|add|delete|validate} against a real
 * server on loopback, whose alerts are evaluated at instants of an injected clock.
 */
class AlertsCommandTest {
  private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir Path data;

  private final AtomicReference<Instant> now = new AtomicReference<>(START);

  private static CommandRun run(String... arguments) {
    return CommandRun.of(arguments);
  }

  private LoupeServer start() {
    StorageConfig storage =
        StorageConfig.defaults(data.resolve("store"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    return LoupeServer.start(
        new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 1)
            .withAnalytics(AnalyticsConfig.defaults().withAlertInterval(Duration.ofHours(1))),
        now::get);
  }

  private static void ingest(String url, String body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/ingest"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void addListEvaluateValidateAndDeleteRules() throws Exception {
    try (LoupeServer server = start()) {
      String url = "http://127.0.0.1:" + server.port();
      Path file = data.resolve("alerts.yaml");
      Files.writeString(
          file,
          """
          rules:
            - name: errors_by_service
              query: 'level:error'
              range: 1m
              condition: '> 2'
              by: [service]
            - name: checkout_down
              query: 'service:checkout level:fatal'
              condition: '> 0'
              for: 1m
          """);

      CommandRun added = run("alerts", "rules", "add", "-f", file.toString(), "--server", url);
      assertThat(added.exitCode()).as(added.err()).isZero();
      assertThat(added.out())
          .contains("NAME", "SOURCE", "errors_by_service", "checkout_down")
          .containsPattern("errors_by_service +api +threshold +level:error +> 2 +1m +0s +service");

      CommandRun listed = run("alerts", "rules", "list", "--server", url);
      assertThat(listed.out()).contains("checkout_down").contains("service:checkout level:fatal");
      assertThat(run("alerts", "rules", "list", "--json", "--server", url).out())
          .contains("\"name\":\"errors_by_service\"")
          .contains("\"source\":\"api\"");

      StringBuilder lines = new StringBuilder();
      for (int index = 0; index < 4; index++) {
        lines.append(
            "{\"_time\":\"2026-11-22T11:59:5"
                + index
                + "Z\",\"_msg\":\"cart lost\",\"service\":\"cart\",\"level\":\"error\"}\n");
      }
      lines.append(
          "{\"_time\":\"2026-11-22T11:59:55Z\",\"_msg\":\"x\",\"service\":\"search\",\"level\":\"error\"}\n");
      ingest(url, lines.toString());
      server.alertEvaluator().evaluate(START.toEpochMilli());

      CommandRun alerts = run("alerts", "list", "--server", url);
      assertThat(alerts.exitCode()).isZero();
      assertThat(alerts.out())
          .contains("STATE", "RULE", "GROUP", "VALUE", "SINCE")
          .containsPattern("FIRING +errors_by_service +service=cart +4 +2026-11-22T12:00:00Z")
          .containsPattern("INACTIVE +errors_by_service +service=search +1 +-")
          .containsPattern("INACTIVE +checkout_down +- +0 +-");
      CommandRun history = run("alerts", "history", "--server", url);
      assertThat(history.out())
          .contains("AT", "RULE", "LABELS", "FROM", "TO", "VALUE")
          .containsPattern(
              "2026-11-22T12:00:00Z +errors_by_service +service=cart +INACTIVE +PENDING +4")
          .containsPattern(
              "2026-11-22T12:00:00Z +errors_by_service +service=cart +PENDING +FIRING +4");
      assertThat(run("alerts", "history", "--rule", "checkout_down", "--server", url).out())
          .isEqualTo("no changes of rule checkout_down" + System.lineSeparator());
      CommandRun typo = run("alerts", "list", "--state", "fired", "--server", url);
      assertThat(typo.exitCode()).isEqualTo(2);
      assertThat(typo.err())
          .contains(
              "--state fired is not a state; use one of [inactive, pending, firing,"
                  + " resolved]");

      CommandRun silenced =
          run(
              "alerts",
              "silence",
              "add",
              "alertname=errors_by_service",
              "service=cart",
              "--for",
              "2h",
              "--comment",
              "known",
              "--server",
              url);
      assertThat(silenced.exitCode()).as(silenced.err()).isZero();
      assertThat(silenced.out()).containsPattern("silence \\S+ until 2026-11-22T14:00:00Z");
      String id = silenced.out().split(" ")[1];
      assertThat(run("alerts", "silence", "list", "--server", url).out())
          .containsPattern(
              id
                  + " +2026-11-22T14:00:00Z +(alertname=errors_by_service,service=cart|"
                  + "service=cart,alertname=errors_by_service) +known");
      assertThat(run("alerts", "list", "--state", "firing", "--server", url).out())
          .containsPattern("service=cart +4 +2026-11-22T12:00:00Z +yes");
      CommandRun past =
          run(
              "alerts",
              "silence",
              "add",
              "alertname=x",
              "--until",
              "2026-11-22T11:00:00Z",
              "--server",
              url);
      assertThat(past.exitCode()).isEqualTo(1);
      assertThat(past.err()).contains("is not in the future");
      assertThat(run("alerts", "silence", "add", "alertname=x", "--server", url).err())
          .contains("give --for DURATION (2h) or --until TIME");
      assertThat(run("alerts", "silence", "delete", id, "--server", url).out())
          .isEqualTo("deleted silence " + id + System.lineSeparator());
      assertThat(run("alerts", "silence", "list", "--server", url).out())
          .isEqualTo("no silences" + System.lineSeparator());

      CommandRun firing = run("alerts", "list", "--state", "firing", "--server", url);
      assertThat(firing.out()).contains("service=cart").doesNotContain("checkout_down");
      assertThat(run("alerts", "list", "--state", "resolved", "--server", url).out())
          .isEqualTo("no alerts resolved" + System.lineSeparator());
      assertThat(run("alerts", "list", "--json", "--server", url).out())
          .contains("\"state\":\"FIRING\"")
          .contains("\"history\"");

      Path bad = data.resolve("bad.yaml");
      Files.writeString(bad, "rules:\n  - {name: x, query: 'level:error', condition: lots}\n");
      CommandRun invalid =
          run("alerts", "rules", "validate", "-f", bad.toString(), "--server", url);
      assertThat(invalid.exitCode()).isEqualTo(1);
      assertThat(invalid.err())
          .contains("server answered 400")
          .contains("request body: rule 1 (x): alert rule x: condition 'lots' must look like");
      CommandRun valid = run("alerts", "rules", "validate", "-f", file.toString(), "--server", url);
      assertThat(valid.exitCode()).isZero();
      assertThat(valid.out()).isEqualTo(file + ": 2 rules valid" + System.lineSeparator());

      assertThat(run("alerts", "rules", "delete", "checkout_down", "--server", url).out())
          .contains("deleted alert rule checkout_down");
      CommandRun missing = run("alerts", "rules", "delete", "checkout_down", "--server", url);
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err())
          .contains("404")
          .contains("no alert rule named checkout_down made through the API");
      assertThat(run("alerts", "rules", "list", "--server", url).out())
          .doesNotContain("checkout_down");
    }
  }

  @Test
  void aMissingFileOrServerIsSaidWithWhatToDo() {
    CommandRun noFile = run("alerts", "rules", "add", "-f", data.resolve("none.yaml").toString());
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("cannot read").contains("check the path");
    CommandRun noServer = run("alerts", "list", "--server", "http://127.0.0.1:1");
    assertThat(noServer.exitCode()).isEqualTo(1);
    assertThat(noServer.err()).contains("cannot reach").contains("is loupe serve running?");
  }

  @Test
  void everyCommandHasHelp() {
    assertThat(run("alerts", "--help").out()).contains("list", "rules");
    assertThat(run("alerts", "rules", "--help").out()).contains("add", "delete", "validate");
    assertThat(run("alerts", "list", "--help").out()).contains("--state", "--json", "--server");
    assertThat(run("alerts", "rules", "list", "--help").out()).contains("--json");
    assertThat(run("alerts", "rules", "add", "--help").out()).contains("--file", "standard input");
    assertThat(run("alerts", "rules", "delete", "--help").out()).contains("NAME");
    assertThat(run("alerts", "rules", "validate", "--help").out())
        .contains("without changing anything");
    assertThat(run("alerts", "silence", "--help").out()).contains("add", "list", "delete");
    assertThat(run("alerts", "silence", "add", "--help").out())
        .contains("LABEL=VALUE", "--for", "--until", "--comment");
    assertThat(run("alerts", "history", "--help").out()).contains("--rule");
    assertThat(run("serve", "--help").out().replaceAll("\\s+", " "))
        .contains("--alert-rules=<alertRules> YAML file of alert rules");
  }

  @Test
  void aRulesFileThatWasNotAppliedIsSaidUnderTheListing() throws Exception {
    Path file = data.resolve("file-rules.yaml");
    Files.writeString(
        file, "rules:\n  - {name: from_file, query: 'level:error', condition: '> 5'}\n");
    StorageConfig storage =
        StorageConfig.defaults(data.resolve("store"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    try (LoupeServer server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 1)
                .withAnalytics(
                    AnalyticsConfig.defaults()
                        .withAlertInterval(Duration.ofHours(1))
                        .withAlertRulesFile(file)),
            now::get)) {
      String url = "http://127.0.0.1:" + server.port();
      assertThat(run("alerts", "rules", "list", "--server", url).err()).isEmpty();
      Files.writeString(
          file, "rules:\n  - {name: from_file, query: 'level:error', condition: lots}\n");
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
      server.alertRules().reloadIfChanged();
      CommandRun listed = run("alerts", "rules", "list", "--server", url);
      assertThat(listed.out()).containsPattern("from_file +file +threshold +level:error +> 5");
      assertThat(listed.err())
          .startsWith(
              "warning: the rules file "
                  + file
                  + " was not applied; the rules above are the last good ones. "
                  + file
                  + ": rule 1 (from_file)")
          .contains("condition 'lots' must look like '> 10'");
    }
  }
}
