package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.analytics.alerts.AlertEvaluator;
import dev.loupe.analytics.alerts.AlertState;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.AnalyticsConfig;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's incidents against alert rules on a real server: {@code loupe simulate} runs
 * in-process with an error burst on payments and a bad deploy of search, shipping to the server
 * over HTTP and writing its incident labels; then the alert evaluator is stepped every 30 s of an
 * injected clock over the simulated eight minutes. The burst must fire its alerts inside the window
 * the labels file gives and resolve them after it, with nothing firing before any incident began,
 * and the deploy's new error must fire the new-pattern rule.
 *
 * <p>The run is backfilled first (the lines carry their simulated times) and evaluated afterwards:
 * every evaluation counts only the lines of its own range, so stepping the clock over stored lines
 * sees what a live evaluator would have seen, deterministically and without waiting.
 */
class SimulationAlertsTest {
  private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration RUN = Duration.ofMinutes(8);
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RULES =
      """
      rules:
        - name: payments_errors
          query: 'service:payments level:error'
          range: 1m
          condition: '> 8'
          for: 30s
          labels: {team: payments}
        - name: errors_by_service
          query: 'level:error'
          range: 1m
          condition: '> 8'
          by: [service]
        - name: new_errors
          kind: new_pattern
          query: 'level:error'
          range: 5m
      """;

  @TempDir Path directory;

  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private LoupeServer loupe;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    AnalyticsConfig analytics =
        AnalyticsConfig.defaults()
            .withReceivers(
                List.of("webhook=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                "http://loupe.test")
            .withGrouping(Duration.ZERO, Duration.ZERO)
            .withAlertInterval(Duration.ofHours(1)); // the test evaluates, at instants it picks
    Path rules = directory.resolve("alerts.yaml");
    Files.writeString(rules, RULES);
    loupe =
        LoupeServer.start(
            new ServerConfig(
                    "127.0.0.1",
                    0,
                    StorageConfig.defaults(directory.resolve("data"))
                        .withMinFreeDiskBytes(0)
                        .withFlushInterval(Duration.ofHours(1)),
                    IngestLimits.defaults(),
                    2)
                .withPatterns(PatternConfig.defaults().withNewPatternWarmup(Duration.ofMinutes(2)))
                .withAnalytics(analytics.withAlertRulesFile(rules)),
            now::get);
  }

  @AfterEach
  void stop() {
    if (loupe != null) {
      loupe.close();
    }
    receiver.stop(0);
  }

  /** One incident of the labels file. */
  private record Labelled(String kind, String service, Instant from, Instant to) {}

  @Test
  void anErrorBurstFiresInsideItsWindowAndRecoveryResolvesIt() throws Exception {
    Path labels = directory.resolve("incidents.jsonl");
    SimulationSettings settings =
        SimulationSettings.defaults(List.of("http://127.0.0.1:" + loupe.port()))
            .withFrom(START)
            .withPace(0, 1, false)
            .withLimits(RUN, 60 * RUN.toSeconds()) // 60 lines a simulated second
            .withIncidents(
                List.of(
                    "error-burst:service=payments,at=3m,for=3m",
                    "deploy:service=search,at=4m,for=2m,rate=0.3"),
                false,
                null)
            .withLabels(labels, null);
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    Simulation.Report report =
        new Simulation(settings, () -> START)
            .run(
                new ByteArrayOutputStream(),
                new PrintStream(summary, true, StandardCharsets.UTF_8),
                total -> quiet());
    assertThat(summary.toString(StandardCharsets.UTF_8)).contains(" 0 rejected");
    assertThat(report.incidents()).isEqualTo(2);
    Labelled burst = incident(labels, "error-burst");
    Labelled deploy = incident(labels, "deploy");
    assertThat(burst.service()).isEqualTo("payments");
    assertThat(burst.from()).isEqualTo(START.plus(Duration.ofMinutes(3)));

    AlertEvaluator evaluator = loupe.alertEvaluator();
    for (Instant at = START.plus(STEP); !at.isAfter(START.plus(RUN)); at = at.plus(STEP)) {
      now.set(at);
      evaluator.evaluate(at.toEpochMilli());
    }
    List<AlertEvaluator.Change> history = evaluator.history();

    // Nothing fires before the first incident begins: the everyday errors stay under the rules.
    assertThat(history)
        .filteredOn(change -> change.to() == AlertState.FIRING)
        .allSatisfy(
            change -> assertThat(Instant.ofEpochMilli(change.atMillis())).isAfter(burst.from()));

    // The burst's own rule: pending, firing inside the incident, resolved after it.
    List<AlertEvaluator.Change> payments = changes(history, "payments_errors", null);
    assertThat(payments)
        .extracting(change -> change.from() + ">" + change.to())
        .containsExactly("INACTIVE>PENDING", "PENDING>FIRING", "FIRING>RESOLVED");
    Instant fired = at(payments.get(1));
    Instant resolved = at(payments.get(2));
    assertThat(fired).isAfterOrEqualTo(burst.from().plusSeconds(30)).isBefore(burst.to());
    assertThat(resolved)
        .isAfterOrEqualTo(burst.to())
        .isBeforeOrEqualTo(burst.to().plus(Duration.ofMinutes(1)).plus(STEP));

    // The grouped rule: the payments instance fires and resolves with the same window.
    List<AlertEvaluator.Change> grouped = changes(history, "errors_by_service", "payments");
    assertThat(grouped).extracting(AlertEvaluator.Change::to).contains(AlertState.FIRING);
    Instant groupFired =
        at(grouped.stream().filter(change -> change.to() == AlertState.FIRING).findFirst().get());
    assertThat(groupFired).isAfterOrEqualTo(burst.from()).isBefore(burst.to());
    assertThat(grouped.getLast().to()).isEqualTo(AlertState.RESOLVED);
    assertThat(at(grouped.getLast())).isAfterOrEqualTo(burst.to());

    // The notifications: the firing one carries the burst's lines and patterns, then resolved.
    JsonNode firing = notification("payments_errors", "firing");
    assertThat(firing.at("/labels/team").asText()).isEqualTo("payments");
    assertThat(firing.at("/evidence/lines")).hasSize(5);
    firing
        .at("/evidence/lines")
        .forEach(line -> assertThat(line.asText()).contains("query on payments failed"));
    assertThat(firing.at("/evidence/patterns/0/template").asText())
        .startsWith("query on ")
        .contains("no database connection available");
    assertThat(firing.at("/evidence/patterns/0/count").asLong()).isGreaterThan(8);
    assertThat(firing.at("/evidence/exploreUrl").asText())
        .startsWith("http://loupe.test/#q=service%3Apayments%20level%3Aerror&from=");
    assertThat(notification("payments_errors", "resolved").at("/endsAt").asText())
        .isEqualTo(resolved.toString());
    JsonNode groupFiring = notification("errors_by_service", "firing");
    assertThat(groupFiring.at("/labels/service").asText()).isEqualTo("payments");
    assertThat(groupFiring.at("/evidence/exploreUrl").asText()).contains("service%3A%3Dpayments");

    // The bad deploy brings a template never seen before: the new-pattern rule fires for it.
    List<JsonNode> newPatterns = new ArrayList<>();
    for (JsonNode alert : alerts("new_errors", "firing")) {
      if (alert.at("/annotations/template").asText().contains("NullPointerException")) {
        newPatterns.add(alert);
      }
    }
    assertThat(newPatterns).hasSize(1);
    JsonNode regression = newPatterns.get(0);
    assertThat(regression.at("/annotations/template").asText())
        .contains("dev.shop.search.QueryService.refresh");
    Instant firstSeen = Instant.parse(regression.at("/annotations/first_seen").asText());
    assertThat(firstSeen).isAfterOrEqualTo(deploy.from()).isBefore(deploy.to());
    assertThat(Instant.parse(regression.at("/startsAt").asText()))
        .isAfter(firstSeen)
        .isBeforeOrEqualTo(firstSeen.plus(STEP));
    regression
        .at("/evidence/lines")
        .forEach(line -> assertThat(line.asText()).contains("NullPointerException"));
  }

  private static Instant at(AlertEvaluator.Change change) {
    return Instant.ofEpochMilli(change.atMillis());
  }

  private static List<AlertEvaluator.Change> changes(
      List<AlertEvaluator.Change> history, String rule, String service) {
    return history.stream()
        .filter(change -> change.rule().equals(rule))
        .filter(change -> service == null || service.equals(change.labels().get("service")))
        .toList();
  }

  /** The first alert of {@code rule} in a notification with that status. */
  private JsonNode notification(String rule, String status) throws Exception {
    List<JsonNode> alerts = alerts(rule, status);
    assertThat(alerts).as("a %s notification of %s", status, rule).isNotEmpty();
    return alerts.get(0);
  }

  private List<JsonNode> alerts(String rule, String status) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (String body : received) {
      for (JsonNode alert : JSON.readTree(body).get("alerts")) {
        if (alert.at("/labels/alertname").asText().equals(rule)
            && alert.get("status").asText().equals(status)) {
          found.add(alert);
        }
      }
    }
    return found;
  }

  private static Labelled incident(Path labels, String kind) throws Exception {
    for (String line : Files.readAllLines(labels)) {
      JsonNode incident = JSON.readTree(line);
      if (incident.get("kind").asText().equals(kind)) {
        return new Labelled(
            kind,
            incident.path("service").asText(null),
            Instant.parse(incident.get("from").asText()),
            Instant.parse(incident.get("to").asText()));
      }
    }
    throw new AssertionError("no " + kind + " incident in " + labels);
  }

  private static SimulationProgress quiet() {
    return new SimulationProgress() {
      @Override
      public void update(long lines, long bytes) {}

      @Override
      public void finish(long lines, long bytes) {}
    };
  }
}
