package dev.loupe.cli.bench;

import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricRule;
import dev.loupe.analytics.metrics.MetricStore;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * "Metric rules must not slow ingest by more than 10 % with 20 rules active": appends the same
 * generated access and app lines to a fresh store in batches, once without metric rules and once
 * with {@code rules} rules (filters on level, service, status, method; counts, sums and a p99,
 * grouped), alternating runs, and reports the best lines/s of each. With rules, a run ends only
 * when the engine has evaluated every batch (its {@code sync}), so the figure includes rule
 * evaluation on the same cores, not just the hand-off.
 *
 * <p>Design: in-process and storage-level (no HTTP), so the difference measured is the rules' cost
 * and not the noise of the HTTP path; the full HTTP ingest figure is the main bench's.
 */
public final class MetricRulesProbe {
  private static final int BATCH_LINES = 1000;
  private static final String[] SERVICES = {"api", "web", "checkout", "search", "auth"};
  private static final String[] LEVELS = {"debug", "info", "info", "info", "warn", "error"};
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] STATUSES = {"200", "200", "200", "201", "304", "404", "500"};

  /** Best lines/s without and with rules, and the slowdown in percent. */
  public record Result(
      int rules, long lines, double withoutLinesPerSecond, double withLinesPerSecond) {
    public double slowdownPercent() {
      return (1 - withLinesPerSecond / withoutLinesPerSecond) * 100;
    }
  }

  private MetricRulesProbe() {}

  public static List<MetricRule> rules(int count) {
    List<MetricRule> rules = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String service = SERVICES[index % SERVICES.length];
      MetricRule rule =
          switch (index % 5) {
            case 0 ->
                MetricRule.count(
                    "r" + index + "_levels", "service:" + service, List.of("level"), "10s");
            case 1 ->
                MetricRule.count(
                    "r" + index + "_errors",
                    "level:error OR level:warn",
                    List.of("service"),
                    "10s");
            case 2 ->
                MetricRule.count(
                    "r" + index + "_requests",
                    "method:* status:*",
                    List.of("method", "status"),
                    "10s");
            case 3 ->
                new MetricRule(
                    "r" + index + "_bytes",
                    "status:200",
                    "sum",
                    "bytes",
                    List.of("service"),
                    "10s",
                    null,
                    null);
            default ->
                new MetricRule(
                    "r" + index + "_p99",
                    "service:" + service,
                    "p99",
                    "duration_ms",
                    List.of(),
                    "10s",
                    null,
                    null);
          };
      rules.add(rule);
    }
    return rules;
  }

  public static Result run(Path directory, long lines, int ruleCount, int rounds, PrintStream out)
      throws IOException {
    List<List<LogRecord>> batches = batches(lines);
    double best = 0;
    double bestWith = 0;
    for (int round = 1; round <= rounds; round++) {
      double without = once(directory.resolve("without-" + round), batches, List.of());
      double with = once(directory.resolve("with-" + round), batches, rules(ruleCount));
      out.printf(
          "round %d: %,.0f lines/s without rules, %,.0f with %d rules%n",
          round, without, with, ruleCount);
      best = Math.max(best, without);
      bestWith = Math.max(bestWith, with);
    }
    return new Result(ruleCount, lines, best, bestWith);
  }

  private static double once(Path directory, List<List<LogRecord>> batches, List<MetricRule> rules)
      throws IOException {
    Files.createDirectories(directory);
    long lines = batches.stream().mapToLong(List::size).sum();
    InstantSource clock = InstantSource.system();
    try (Storage storage =
            Storage.open(StorageConfig.defaults(directory).withMinFreeDiskBytes(0), clock);
        MetricStore store = MetricStore.open(directory, Duration.ofDays(1))) {
      MetricEngine engine =
          rules.isEmpty()
              ? null
              : MetricEngine.start(storage, store, rules, clock, MetricEngine.Settings.defaults());
      long started = System.nanoTime();
      for (List<LogRecord> batch : batches) {
        storage.append(batch);
      }
      if (engine != null) {
        engine.sync();
      }
      long elapsed = System.nanoTime() - started;
      if (engine != null) {
        engine.close();
      }
      return lines * 1e9 / elapsed;
    } finally {
      deleteTree(directory);
    }
  }

  private static List<List<LogRecord>> batches(long lines) {
    Random random = new Random(42);
    long now = System.currentTimeMillis(); // the probe's data is stamped now, as live ingest is
    List<List<LogRecord>> batches = new ArrayList<>();
    List<LogRecord> batch = new ArrayList<>(BATCH_LINES);
    Stream[] streams = new Stream[SERVICES.length];
    for (int index = 0; index < SERVICES.length; index++) {
      streams[index] = Stream.of("default", Map.of("service", SERVICES[index], "host", "node-1"));
    }
    for (long line = 0; line < lines; line++) {
      int service = random.nextInt(SERVICES.length);
      List<Field> fields = new ArrayList<>(6);
      fields.add(new Field("level", LEVELS[random.nextInt(LEVELS.length)]));
      fields.add(new Field("service", SERVICES[service]));
      fields.add(new Field("duration_ms", Integer.toString(random.nextInt(900))));
      if (random.nextBoolean()) {
        fields.add(new Field("method", METHODS[random.nextInt(METHODS.length)]));
        fields.add(new Field("status", STATUSES[random.nextInt(STATUSES.length)]));
        fields.add(new Field("bytes", Integer.toString(random.nextInt(50_000))));
      }
      batch.add(
          new LogRecord(
              streams[service],
              (now + line / 100) * 1_000_000L,
              "request handled id=" + line,
              fields));
      if (batch.size() == BATCH_LINES) {
        batches.add(batch);
        batch = new ArrayList<>(BATCH_LINES);
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
