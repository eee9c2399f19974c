package dev.loupe.storage.part;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Print-only throughput probe of {@link PartWriter}: {@code -Dloupe.probe=true}. Prints rows/s
 * (best of 3) and a digest of the written files, so a change can be checked to write the same
 * bytes. No assertions on time.
 */
@EnabledIfSystemProperty(named = "loupe.probe", matches = "true")
class EncoderThroughputProbe {
  /** Thread CPU time, not wall time: the machine is shared and loaded. */
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] PATHS = {
    "/api/v1/items/", "/api/v1/users/", "/static/app.js?v=", "/health"
  };
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0",
    "curl/8.5.0",
    "Go-http-client/1.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) Safari/605.1.15"
  };
  private static final int[] STATUSES = {200, 200, 200, 200, 304, 404, 500, 201};

  static List<LogRecord> accessLog(int count, long seed) {
    Random random = new Random(seed);
    Stream stream = Stream.of("default", Map.of("service", "nginx", "host", "web-1"));
    List<LogRecord> records = new ArrayList<>(count);
    long time = 1_763_800_000_000_000_000L;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(20_000);
      String method = METHODS[random.nextInt(METHODS.length)];
      String path = PATHS[random.nextInt(PATHS.length)] + random.nextInt(100_000);
      int status = STATUSES[random.nextInt(STATUSES.length)];
      int bytes = random.nextInt(60_000);
      String agent = AGENTS[random.nextInt(AGENTS.length)];
      String ip = "10.0." + random.nextInt(8) + "." + random.nextInt(256);
      String message =
          ip
              + " - - [22/Nov/2026:01:48:31 +0000] \""
              + method
              + " "
              + path
              + " HTTP/1.1\" "
              + status
              + " "
              + bytes
              + " \"-\" \""
              + agent
              + "\"";
      // Fresh String instances per row, as a JSON decoder would make them.
      List<Field> fields =
          List.of(
              new Field("method", new String(method)),
              new Field("path", path),
              new Field("status", Integer.toString(status)),
              new Field("bytes", Integer.toString(bytes)),
              new Field("user_agent", new String(agent)),
              new Field("client_ip", ip),
              new Field("level", status >= 500 ? "error" : "info"));
      records.add(new LogRecord(stream, time, message, fields));
    }
    return records;
  }

  @Test
  void partWriterRowsPerSecond(@TempDir Path directory) throws Exception {
    List<LogRecord> records = accessLog(500_000, 42);
    double best = 0;
    String digest = "";
    for (int round = 0; round < 8; round++) {
      Path part = directory.resolve("part-" + round);
      long start = THREAD.getCurrentThreadCpuTime();
      try (PartWriter writer = PartWriter.create(part, PartWriterOptions.defaults())) {
        for (LogRecord record : records) {
          writer.add(record);
        }
        writer.finish(1);
      }
      double seconds = (THREAD.getCurrentThreadCpuTime() - start) / 1e9;
      best = Math.max(best, records.size() / seconds);
      digest = digest(part);
      System.out.printf("part writer round %d: %.0f rows/s%n", round, records.size() / seconds);
    }
    System.out.printf("PROBE part writer best: %.0f rows/s, digest %s%n", best, digest);
  }

  private static String digest(Path part) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (String name : List.of(PartFileNames.DATA, PartFileNames.INDEX, PartFileNames.METADATA)) {
      sha.update(Files.readAllBytes(part.resolve(name)));
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }
}
