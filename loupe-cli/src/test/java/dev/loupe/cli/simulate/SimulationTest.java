package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
  private static final Instant FROM = Simulated.START;
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  /** What a run wrote to stdout and its summary. */
  private record Run(byte[] stdout, String summary, Simulation.Report report) {
    List<JsonNode> records() throws IOException {
      List<JsonNode> records = new ArrayList<>();
      for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          records.add(JSON.readTree(line));
        }
      }
      return records;
    }
  }

  private static SimulationSettings settings(String... outputs) {
    return SimulationSettings.defaults(List.of(outputs)).withFrom(FROM).withPace(0, 1, false);
  }

  private static Run run(SimulationSettings settings) throws IOException {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    Simulation.Report report =
        new Simulation(settings, CLOCK)
            .run(
                stdout,
                new PrintStream(summary, true, StandardCharsets.UTF_8),
                total -> NO_PROGRESS);
    return new Run(stdout.toByteArray(), summary.toString(StandardCharsets.UTF_8), report);
  }

  private static final SimulationProgress NO_PROGRESS =
      new SimulationProgress() {
        @Override
        public void update(long lines, long bytes) {}

        @Override
        public void finish(long lines, long bytes) {}
      };

  @Test
  void theSameSeedAndOptionsGiveTheSameBytes() throws IOException {
    Map<String, byte[]> first = everything(run(deterministic("first", 42)), "first");
    Map<String, byte[]> second = everything(run(deterministic("second", 42)), "second");

    assertThat(second.keySet()).isEqualTo(first.keySet()).hasSizeGreaterThan(20);
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void anotherSeedGivesOtherLines() throws IOException {
    byte[] first = run(settings("-").withLimits(null, 2_000)).stdout();
    byte[] other = run(settings("-").withLimits(null, 2_000).withSeed(43)).stdout();

    assertThat(other).isNotEqualTo(first);
  }

  private SimulationSettings deterministic(String name, long seed) {
    return settings("-", "file:" + directory.resolve(name + "/files"))
        .withSeed(seed)
        .withLimits(null, 20_000)
        .withIncidents(
            List.of("error-burst:service=payments,at=3s,for=5s"), true, Duration.ofSeconds(4))
        .withLabels(
            directory.resolve(name + "/incidents.jsonl"), directory.resolve(name + "/lines.csv"));
  }

  /** Every byte a run wrote, by file name relative to its directory, stdout included. */
  private Map<String, byte[]> everything(Run run, String name) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("stdout", run.stdout());
    Path root = directory.resolve(name);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(path).toString(), Files.readAllBytes(path));
      }
    }
    return files;
  }

  @Test
  void linesStopsAtExactlyThatMany() throws IOException {
    Run run = run(settings("-").withLimits(null, 1_234));

    assertThat(run.records()).hasSize(1_234);
    assertThat(run.report().lines()).isEqualTo(1_234);
    assertThat(run.report().linesBySource().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(1_234);
    assertThat(run.summary()).startsWith("simulated 1,234 lines");
  }

  @Test
  void durationStopsAtTheEndOfSimulatedTime() throws IOException {
    Run run = run(settings("-").withLimits(Duration.ofSeconds(20), 0));
    List<JsonNode> records = run.records();
    Instant end = FROM.plusSeconds(20);

    assertThat(records)
        .allMatch(record -> Instant.parse(record.get("_time").asText()).isBefore(end));
    assertThat(Instant.parse(records.getLast().get("_time").asText())).isAfter(end.minusSeconds(1));
    // --rate 0 spaces lines at the default 1,000 a simulated second
    assertThat(records.size()).isBetween(17_000, 23_000);
  }

  @Test
  void aBackfillFromThePastStopsAtThePresent() throws IOException {
    Instant now = CLOCK.instant();
    Run run = run(settings("-").withFrom(now.minusSeconds(600)).withPace(20, 1, true));
    List<JsonNode> records = run.records();

    assertThat(Instant.parse(records.getLast().get("_time").asText())).isBefore(now);
    assertThat(Instant.parse(records.getLast().get("_time").asText()))
        .isAfter(now.minusSeconds(10));
    assertThat(records.size()).isBetween(10_000, 14_000); // 20 lines/s for 600 s
  }

  @Test
  void aPacedRunHoldsLinesToTheirWallTime() throws IOException {
    AtomicLong wall = new AtomicLong(1_000_000_000_000L);
    List<Long> sleeps = new ArrayList<>();
    SimulationSettings settings = settings("-").withPace(200, 60, false).withLimits(null, 1_000);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Simulation simulation =
        new Simulation(
            settings,
            CLOCK,
            wall::get,
            nanos -> {
              sleeps.add(nanos);
              wall.addAndGet(nanos);
            });
    long wallStart = wall.get();

    Simulation.Report report =
        simulation.run(stdout, new PrintStream(new ByteArrayOutputStream()), total -> NO_PROGRESS);

    // 1,000 lines at 200 a second: 5 s of (fake) wall time, 300 s of simulated time at speed 60
    double wallSeconds = (wall.get() - wallStart) / 1e9;
    double simulatedSeconds = Duration.between(report.from(), report.to()).toNanos() / 1e9;
    assertThat(wallSeconds).isBetween(4.0, 6.0);
    assertThat(simulatedSeconds / wallSeconds).isBetween(59.0, 61.0);
    assertThat(sleeps).allMatch(nanos -> nanos > 0 && nanos <= Pacer.SLICE_MILLIS * 1_000_000);
  }

  @Test
  void incidentsAppearInTheOutputAtTheirLabelledTimes() throws IOException {
    Path labels = directory.resolve("incidents.jsonl");
    Path csv = directory.resolve("lines.csv");
    SimulationSettings settings =
        settings("-")
            .withLimits(Duration.ofSeconds(80), 0)
            .withPace(500, 1, true)
            .withIncidents(
                List.of(
                    "error-burst:service=payments,at=20s,for=20s,rate=0.9",
                    "memory-leak:service=inventory,host=app-01,at=5s,for=40s",
                    "deploy:service=checkout,at=30s,for=20s,rate=0.5",
                    "latency-spike:service=search,at=10s,for=15s",
                    "host-silent:host=worker-01,at=50s,for=10s"),
                false,
                null)
            .withLabels(labels, csv);
    Run run = run(settings);
    List<JsonNode> records = run.records();
    List<CSVRecord> rows = csvRows(csv);
    assertThat(rows).hasSameSizeAs(records);

    List<JsonNode> incidents = new ArrayList<>();
    for (String line : Files.readAllLines(labels)) {
      incidents.add(JSON.readTree(line));
    }
    assertThat(incidents)
        .extracting(incident -> incident.get("kind").asText())
        .containsExactly("memory-leak", "latency-spike", "error-burst", "deploy", "host-silent");
    assertThat(run.report().incidents()).isEqualTo(5);

    JsonNode burst = incidents.get(2);
    assertThat(burst.get("service").asText()).isEqualTo("payments");
    assertThat(burst.get("from").asText()).isEqualTo("2026-11-21T10:00:20Z");
    assertThat(burst.get("to").asText()).isEqualTo("2026-11-21T10:00:40Z");
    assertThat(burst.get("rate").asDouble()).isEqualTo(0.9);
    assertThat(texts(burst.get("templates")))
        .contains("payments.db-timeout", "service.retry", "access.checkout.503");

    for (JsonNode incident : incidents) {
      Instant from = Instant.parse(incident.get("from").asText());
      Instant to = Instant.parse(incident.get("to").asText());
      List<String> templates = texts(incident.get("templates"));
      String signature = signature(incident.get("kind").asText(), incident);
      if (signature == null) {
        continue; // a silent host is checked below: by the absence of its lines
      }
      String service = incident.get("service").asText();
      List<Instant> times = new ArrayList<>();
      for (int index = 0; index < rows.size(); index++) {
        boolean ofIncident =
            signature.equals("service.slow-call")
                ? records.get(index).get("service").asText().equals(service)
                : true;
        if (rows.get(index).get("EventId").equals(signature) && ofIncident) {
          times.add(Instant.parse(records.get(index).get("_time").asText()));
        }
      }
      // a slow call is logged when it ends, up to the gateway's timeout after it started
      Instant latest = signature.equals("service.slow-call") ? to.plusSeconds(5) : to;
      List<Instant> inside =
          times.stream().filter(time -> !time.isBefore(from) && time.isBefore(latest)).toList();
      assertThat(templates).as(incident.toString()).contains(signature);
      assertThat(inside).as(signature).hasSizeGreaterThanOrEqualTo(3);
      // a bad deploy's bug and a leak's warnings exist only in their window; database timeouts
      // and slow calls also happen now and then on an ordinary day
      boolean onlyInside =
          signature.endsWith(".regression") || signature.equals("jvm.heap-warning");
      assertThat(times.size() - inside.size())
          .as(signature + " outside its window")
          .isLessThanOrEqualTo(onlyInside ? 0 : inside.size() / 10);
    }

    // the edges: the crash at the leak's end, the deploy's start and rollback, the host's boot
    assertThat(timesOf(rows, records, "jvm.out-of-memory"))
        .containsExactly(Instant.parse("2026-11-21T10:00:45Z"));
    assertThat(timesOf(rows, records, "service.deploying"))
        .containsExactly(Instant.parse("2026-11-21T10:00:30Z"));
    assertThat(timesOf(rows, records, "service.rollback"))
        .containsExactly(Instant.parse("2026-11-21T10:00:50Z"));
    assertThat(timesOf(rows, records, "kernel.boot"))
        .containsExactly(Instant.parse("2026-11-21T10:01:00Z"));
    assertThat(records)
        .filteredOn(record -> record.get("host").asText().equals("worker-01"))
        .noneMatch(
            record -> {
              Instant time = Instant.parse(record.get("_time").asText());
              return !time.isBefore(Instant.parse("2026-11-21T10:00:50Z"))
                  && time.isBefore(Instant.parse("2026-11-21T10:01:00Z"));
            });
  }

  /** A template only the incident writes inside its window, to find its lines by. */
  private static String signature(String kind, JsonNode incident) {
    String service = incident.get("service").isNull() ? null : incident.get("service").asText();
    return switch (kind) {
      case "error-burst" -> service + ".db-timeout";
      case "deploy" -> service + ".regression";
      case "memory-leak" -> "jvm.heap-warning";
      case "latency-spike" -> "service.slow-call";
      default -> null;
    };
  }

  @Test
  void randomIncidentsComeFromTheSeed() throws IOException {
    SimulationSettings settings =
        settings()
            .withLimits(Duration.ofMinutes(10), 0)
            .withPace(50, 1, true)
            .withIncidents(List.of(), true, null);
    Path first = directory.resolve("first.jsonl");
    Path second = directory.resolve("second.jsonl");
    Path other = directory.resolve("other.jsonl");
    run(settings.withLabels(first, null));
    run(settings.withLabels(second, null));
    run(settings.withSeed(7).withLabels(other, null));

    // a fifth of the run apart on average: about five in ten minutes
    assertThat(Files.readAllLines(first)).hasSizeBetween(3, 8);
    assertThat(Files.readAllLines(second)).isEqualTo(Files.readAllLines(first));
    assertThat(Files.readAllLines(other)).isNotEqualTo(Files.readAllLines(first));
  }

  @Test
  void theTemplateListHasOneLineATemplate() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Simulation.listTemplates(new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");

    assertThat(lines).hasSize(TemplateCatalog.all().size());
    assertThat(lines).allMatch(line -> line.split("\t").length == 4);
    assertThat(lines)
        .contains(
            "sshd.failed-password\tsyslog\tinfo\tFailed password for invalid user <*> from <*> port <*> ssh2");
    assertThat(lines)
        .anyMatch(
            line ->
                line.startsWith(
                        "payments.provider-timeout\tapp\terror\tprovider <*> did not answer")
                    && line.contains("Read timed out\\n\\tat "));
  }

  @Test
  void wrongSettingsSayWhatIsWrong() {
    assertThatThrownBy(() -> new Simulation(settings("ftp://x"), CLOCK))
        .hasMessageContaining("--output ftp://x is not an output");
    assertThatThrownBy(() -> new Simulation(settings("syslog://127.0.0.1"), CLOCK))
        .hasMessageContaining("needs a host and a port");
    assertThatThrownBy(
            () ->
                run(settings("-").withIncidents(List.of("error-burst:service=nope"), false, null)))
        .hasMessageContaining("no service 'nope'");
    assertThatThrownBy(() -> settings("-").withPace(-1, 1, false)).hasMessageContaining("--rate");
    assertThatThrownBy(() -> settings("-", "-"))
        .hasMessageContaining("--output - can be given once");
  }

  private static List<CSVRecord> csvRows(Path csv) throws IOException {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .get()
          .parse(reader)
          .getRecords();
    }
  }

  private static List<Instant> timesOf(
      List<CSVRecord> rows, List<JsonNode> records, String template) {
    List<Instant> times = new ArrayList<>();
    for (int index = 0; index < rows.size(); index++) {
      if (rows.get(index).get("EventId").equals(template)) {
        times.add(Instant.parse(records.get(index).get("_time").asText()));
      }
    }
    return times;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
