package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Prints how many typical lines a second {@link DecoderJsonLines} decodes on one core; asserts only
 * that every line was decoded, never a speed (CI machines vary). The target is 500k lines/s for
 * ~200-byte lines of 8 fields. Run alone for a figure: {@code ./mvnw -pl loupe-ingest test
 * -Dtest=DecoderJsonLinesRateTest -Dloupe.rate.lines=2000000}.
 */
class DecoderJsonLinesRateTest {
  private static final int LINES = Integer.getInteger("loupe.rate.lines", 300_000);
  private static final int ROUNDS = 5;

  @Test
  void printsDecodeRateOfTypicalLines() throws IOException {
    byte[] body = typicalBody(LINES);
    IngestLimits defaults = IngestLimits.defaults();
    // The default body limit (256 MiB) is below the body of -Dloupe.rate.lines=2000000.
    IngestLimits limits =
        new IngestLimits(
            Math.max(defaults.maxBodyBytes(), body.length),
            defaults.maxLineBytes(),
            defaults.maxFieldsPerRecord(),
            defaults.maxFirstErrors());
    boolean reuseParser = !Boolean.getBoolean("loupe.rate.parserPerLine");
    DecoderJsonLines decoder = new DecoderJsonLines(limits, new StreamCache(), reuseParser);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    IngestParameters parameters =
        IngestParameters.defaults(1_700_000_000_000_000_000L)
            .withStreamFields(List.of("service", "host"));
    double bestLinesPerSecond = 0;
    long leastAllocatedBytes = Long.MAX_VALUE;
    // Process CPU time (decoding, GC and JIT threads) is steadier than wall time on a shared
    // machine.
    com.sun.management.OperatingSystemMXBean system =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double bestLinesPerCpuSecond = 0;
    for (int round = 0; round < ROUNDS; round++) {
      AtomicLong records = new AtomicLong();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long cpuBefore = system.getProcessCpuTime();
      long start = System.nanoTime();
      IngestResult result =
          decoder.decode(
              new ByteArrayInputStream(body), parameters, batch -> records.addAndGet(batch.size()));
      long elapsed = System.nanoTime() - start;
      long cpu = system.getProcessCpuTime() - cpuBefore;
      bestLinesPerCpuSecond = Math.max(bestLinesPerCpuSecond, LINES * 1e9 / cpu);
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      leastAllocatedBytes = Math.min(leastAllocatedBytes, allocated);
      assertThat(result.accepted()).isEqualTo(LINES);
      assertThat(records.get()).isEqualTo(LINES);
      bestLinesPerSecond = Math.max(bestLinesPerSecond, LINES * 1e9 / elapsed);
    }
    System.out.printf(
        Locale.ROOT,
        "DecoderJsonLines: %,.0f lines/s, %.0f MB/s on one core (%d lines of %d bytes on average,"
            + " best of %d rounds), %,d bytes allocated a line, %,.0f lines a second of process"
            + " cpu time%n",
        bestLinesPerSecond,
        bestLinesPerSecond * body.length / LINES / 1e6,
        LINES,
        body.length / LINES,
        ROUNDS,
        leastAllocatedBytes / LINES,
        bestLinesPerCpuSecond);
  }

  /** Lines like a web service writes: 8 fields, one nested, ~200 bytes, values varying. */
  static byte[] typicalBody(int lines) {
    StringBuilder body = new StringBuilder(lines * 210);
    String[] levels = {"info", "info", "info", "warn", "error"};
    String[] methods = {"GET", "GET", "POST", "PUT"};
    for (int line = 0; line < lines; line++) {
      String method = methods[line % methods.length];
      int durationMillis = line % 300;
      body.append("{\"_time\":\"2024-05-01T12:")
          .append(twoDigits(line / 60 % 60))
          .append(':')
          .append(twoDigits(line % 60))
          .append('.')
          .append(100_000 + line % 900_000)
          .append("Z\",\"level\":\"")
          .append(levels[line % levels.length])
          .append("\",\"service\":\"checkout\",\"host\":\"web-")
          .append(line % 8)
          .append("\",\"http\":{\"method\":\"")
          .append(method)
          .append("\",\"status\":")
          .append(line % 50 == 0 ? 500 : 200)
          .append("},\"duration_ms\":")
          .append(durationMillis)
          .append('.')
          .append(line % 10)
          .append(",\"_msg\":\"")
          .append(method)
          .append(" /api/cart/")
          .append(100_000 + line)
          .append(" served in ")
          .append(durationMillis)
          .append("ms\"}\n");
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
