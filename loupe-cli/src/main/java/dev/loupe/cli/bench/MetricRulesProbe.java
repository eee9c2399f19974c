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
 * <p>Also the process CPU time per line of each (the least of the rounds): on a machine shared with
 * other work, wall-clock rates vary between rounds by more than the rules cost, while CPU time
 * barely moves with the neighbours' load; and ingest is CPU-bound once the cores are busy, so the
 * CPU per line is what the rules take from ingest capacity. The order alternates between rounds
 * (without first, then with first), so neither side always runs on a warmer JVM.
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

  /**
   * Best lines/s without and with rules, the least CPU nanoseconds a line of each, and the
   * slowdowns in percent.
   */
  public record Result(
      int rules,
      long lines,
      double withoutLinesPerSecond,
      double withLinesPerSecond,
      double withoutCpuNanosPerLine,
      double withCpuNanosPerLine) {
    public double slowdownPercent() {
      return (1 - withLinesPerSecond / withoutLinesPerSecond) * 100;
    }

    /** How much more CPU a line costs with the rules: the share of capacity they take. */
    public double cpuSlowdownPercent() {
      return (withCpuNanosPerLine / withoutCpuNanosPerLine - 1) * 100;
    }
  }

  /** One run: lines/s of wall time and CPU nanoseconds of the process a line. */
  private record Measure(double linesPerSecond, double cpuNanosPerLine) {}

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
    double leastCpu = Double.MAX_VALUE;
    double leastCpuWith = Double.MAX_VALUE;
    for (int round = 1; round <= rounds; round++) {
      Measure without;
      Measure with;
      if (round % 2 == 1) {
        without = once(directory.resolve("without-" + round), batches, List.of());
        with = once(directory.resolve("with-" + round), batches, rules(ruleCount));
      } else {
        with = once(directory.resolve("with-" + round), batches, rules(ruleCount));
        without = once(directory.resolve("without-" + round), batches, List.of());
      }
      out.printf(
          "round %d: %,.0f lines/s (%,.0f ns CPU a line) without rules, %,.0f (%,.0f ns) with %d"
              + " rules%n",
          round,
          without.linesPerSecond(),
          without.cpuNanosPerLine(),
          with.linesPerSecond(),
          with.cpuNanosPerLine(),
          ruleCount);
      best = Math.max(best, without.linesPerSecond());
      bestWith = Math.max(bestWith, with.linesPerSecond());
      leastCpu = Math.min(leastCpu, without.cpuNanosPerLine());
      leastCpuWith = Math.min(leastCpuWith, with.cpuNanosPerLine());
    }
    return new Result(ruleCount, lines, best, bestWith, leastCpu, leastCpuWith);
  }

  /** CPU time of the whole process (every thread: the engine's, GC, the WAL's). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Measure once(Path directory, List<List<LogRecord>> batches, List<MetricRule> rules)
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
      long cpuStarted = processCpuNanos();
      for (List<LogRecord> batch : batches) {
        storage.append(batch);
      }
      if (engine != null) {
        engine.sync();
      }
      long elapsed = System.nanoTime() - started;
      long cpu = processCpuNanos() - cpuStarted;
      if (engine != null) {
        engine.close();
      }
      return new Measure(lines * 1e9 / elapsed, (double) cpu / lines);
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
