package dev.loupe.cli.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic shop logs for the UI tests, from a fixed seed: five services on four hosts over the
 * last 50 minutes, mostly request lines, some slow-request warnings and errors (checkout's are
 * declined payments, the others' refused connections). Keeps the counts so tests know the answers.
 */
record SeedLines(
    List<String> lines,
    Map<String, Integer> counts,
    Map<String, Instant> newest,
    List<Entry> entries) {

  /** What a line was made of, for counts over a time range. */
  record Entry(Instant time, String service, String level) {}

  static final List<String> SERVICES = List.of("api", "auth", "checkout", "db", "web");
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  static SeedLines generate(Instant now, int count, long seed) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Instant> newest = new HashMap<>();
    List<Entry> entries = new ArrayList<>();
    Instant end = now.minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (int i = 0; i < count; i++) {
      Instant time = end.minusMillis(random.nextLong(50 * 60_000L));
      String service = SERVICES.get(random.nextInt(SERVICES.size()));
      String host = "web-" + (1 + random.nextInt(4));
      double roll = random.nextDouble();
      String level = roll < 0.06 ? "error" : roll < 0.16 ? "warn" : roll < 0.3 ? "debug" : "info";
      String message =
          switch (level) {
            case "error" ->
                service.equals("checkout")
                    ? "payment declined for order "
                        + (1000 + random.nextInt(9000))
                        + ": card expired"
                    : "connection refused to 10.0."
                        + random.nextInt(10)
                        + "."
                        + (1 + random.nextInt(250));
            case "warn" ->
                "slow request GET /api/items took " + (500 + random.nextInt(2500)) + "ms";
            default ->
                "request GET /api/items/"
                    + (1 + random.nextInt(500))
                    + " status 200 in "
                    + (1 + random.nextInt(90))
                    + "ms";
          };
      lines.add(
          "{\"_time\":\"%s\",\"service\":\"%s\",\"host\":\"%s\",\"level\":\"%s\",\"status\":%d,\"_msg\":\"%s\"}"
              .formatted(time, service, host, level, level.equals("error") ? 500 : 200, message));
      entries.add(new Entry(time, service, level));
      for (String key : keys(service, level)) {
        counts.merge(key, 1, Integer::sum);
        newest.merge(key, time, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    return new SeedLines(
        List.copyOf(lines), Map.copyOf(counts), Map.copyOf(newest), List.copyOf(entries));
  }

  private static List<String> keys(String service, String level) {
    return List.of(service + "/" + level, service + "/*", "*/" + level, "*/*");
  }

  private static String key(String service, String level) {
    return (service == null ? "*" : service) + "/" + (level == null ? "*" : level);
  }

  int count() {
    return lines.size();
  }

  /** Lines of this service and level; null means any. */
  int count(String service, String level) {
    return counts.getOrDefault(key(service, level), 0);
  }

  /** Lines of this service and level (null: any) with a time in [start, end). */
  int count(String service, String level, Instant start, Instant end) {
    return (int)
        entries.stream()
            .filter(entry -> service == null || entry.service().equals(service))
            .filter(entry -> level == null || entry.level().equals(level))
            .filter(entry -> !entry.time().isBefore(start) && entry.time().isBefore(end))
            .count();
  }

  /** The newest time of those lines as the UI shows it. */
  String newestTimeText(String service, String level) {
    return SHOWN.format(newest.get(key(service, level)));
  }

  String ndjson() {
    return String.join("\n", lines) + "\n";
  }
}
