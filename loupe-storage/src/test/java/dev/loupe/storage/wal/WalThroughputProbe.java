package dev.loupe.storage.wal;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
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
 * Print-only throughput probe of the WAL: {@code -Dloupe.probe=true}. Prints rows/s (best of 5) of
 * {@link WriteAheadLog#write} and of {@link BatchEncoder#encode} alone over 1000-row batches, and a
 * digest of the encoded frames. No assertions on time.
 */
@EnabledIfSystemProperty(named = "loupe.probe", matches = "true")
class WalThroughputProbe {
  /** Thread CPU time, not wall time: the machine is shared and loaded. */
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0", "curl/8.5.0"
  };

  static List<List<LogRecord>> batches(int batchCount, long seed) {
    Random random = new Random(seed);
    Stream stream = Stream.of("default", Map.of("service", "nginx", "host", "web-1"));
    List<List<LogRecord>> batches = new ArrayList<>();
    long time = 1_763_800_000_000_000_000L;
    for (int b = 0; b < batchCount; b++) {
      List<LogRecord> batch = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) {
        time += random.nextInt(20_000);
        String method = METHODS[random.nextInt(METHODS.length)];
        String path = "/api/v1/items/" + random.nextInt(100_000);
        String status = Integer.toString(200 + random.nextInt(5) * 100);
        String bytes = Integer.toString(random.nextInt(60_000));
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
        batch.add(
            new LogRecord(
                stream,
                time,
                message,
                List.of(
                    new Field("method", method),
                    new Field("path", path),
                    new Field("status", status),
                    new Field("bytes", bytes),
                    new Field("user_agent", agent))));
      }
      batches.add(batch);
    }
    return batches;
  }

  @Test
  void walRowsPerSecond(@TempDir Path directory) throws Exception {
    List<List<LogRecord>> batches = batches(500, 7);
    double bestWal = 0;
    for (int round = 0; round < 8; round++) {
      try (WriteAheadLog wal =
          WriteAheadLog.open(directory.resolve("wal-" + round), WalOptions.defaults())) {
        long start = THREAD.getCurrentThreadCpuTime();
        for (List<LogRecord> batch : batches) {
          wal.write(batch);
        }
        double seconds = (THREAD.getCurrentThreadCpuTime() - start) / 1e9;
        bestWal = Math.max(bestWal, batches.size() * 1000 / seconds);
      }
    }
    double bestEncode = 0;
    String digest = "";
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int round = 0; round < 8; round++) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long start = THREAD.getCurrentThreadCpuTime();
        for (List<LogRecord> batch : batches) {
          ByteBuffer frame = encoder.encode(batch);
          if (round == 0) {
            sha.update(frame);
          }
        }
        double seconds = (THREAD.getCurrentThreadCpuTime() - start) / 1e9;
        bestEncode = Math.max(bestEncode, batches.size() * 1000 / seconds);
        if (round == 0) {
          digest = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        }
      }
    }
    System.out.printf(
        "PROBE wal write best: %.0f rows/s; encode alone best: %.0f rows/s; digest %s%n",
        bestWal, bestEncode, digest);
  }
}
