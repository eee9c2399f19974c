package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StageLevels;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Prints how many typical lines a second of the decoding thread's CPU time the logfmt, access log
 * and plain-text decoders read (CPU time is steadier than wall time on a shared machine), and what
 * {@link StageLevels} costs a record; asserts only that every line was read, never a speed (CI
 * machines vary). For figures, run it alone with more lines: {@code ./mvnw -pl loupe-ingest -am
 * test -Dtest=DecoderFormatsRateTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dloupe.rate.lines=1000000}.
 */
class DecoderFormatsRateTest {
  private static final int LINES = Integer.getInteger("loupe.rate.lines", 20_000);
  private static final int ROUNDS = 3;
  private static final IngestParameters PARAMETERS =
      IngestParameters.defaults(1_700_000_000_000_000_000L).withStreamFields(List.of("service"));

  private final IngestLimits limits = new IngestLimits(1L << 34, 1 << 20, 1000, 10, 1000, 1 << 20);
  private final StreamCache streamCache = new StreamCache();

  @Test
  void printsDecodeRatesOfTypicalLines() throws IOException {
    rate("DecoderLogfmt", new DecoderLogfmt(limits, streamCache), logfmtBody(), LINES);
    rate("DecoderAccessLog", new DecoderAccessLog(limits, streamCache), accessLogBody(), LINES);
    // Every tenth line starts an event of ten: nine indented continuation lines.
    rate("DecoderPlainText", new DecoderPlainText(limits, streamCache), plainBody(), LINES / 10);
  }

  @Test
  void printsTheCostOfStageLevels() throws IOException {
    List<LogRecord> records = new ArrayList<>();
    new DecoderJsonLines(limits, streamCache)
        .decode(
            new ByteArrayInputStream(DecoderJsonLinesRateTest.typicalBody(LINES)),
            PARAMETERS,
            records::addAll);
    StageLevels stage = new StageLevels();
    double normalisedNanos = bestNanosPerRecord(stage, records);
    double upperCaseNanos = bestNanosPerRecord(stage, upperCaseInput(records));
    System.out.printf(
        Locale.ROOT,
        "StageLevels: %.0f ns of cpu time a record already lower case, %.0f ns a record"
            + " rewritten (INFO)%n",
        normalisedNanos,
        upperCaseNanos);
    List<LogRecord> rewritten = stage.process(upperCaseInput(records));
    assertThat(rewritten)
        .extracting(record -> record.field("level"))
        .containsOnly("info", "warn", "error");
  }

  private static double bestNanosPerRecord(StageLevels stage, List<LogRecord> records) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS * 3; round++) {
      long start = threadCpuNanos();
      List<LogRecord> processed = stage.process(records);
      best = Math.min(best, (threadCpuNanos() - start) / (double) records.size());
      assertThat(processed).hasSameSizeAs(records);
    }
    return best;
  }

  private static List<LogRecord> upperCaseInput(List<LogRecord> records) {
    List<LogRecord> input = new ArrayList<>(records.size());
    for (LogRecord record : records) {
      input.add(withUpperCaseLevel(record));
    }
    return input;
  }

  private static LogRecord withUpperCaseLevel(LogRecord record) {
    List<dev.loupe.core.Field> fields = new ArrayList<>();
    for (dev.loupe.core.Field field : record.fields()) {
      boolean level = field.name().equals("level");
      fields.add(
          level
              ? new dev.loupe.core.Field("level", field.value().toUpperCase(Locale.ROOT))
              : field);
    }
    return new LogRecord(record.stream(), record.timeNanos(), record.message(), fields);
  }

  private void rate(String name, Decoder decoder, byte[] body, long expectedRecords)
      throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double bestLinesPerSecond = 0;
    long leastAllocated = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      AtomicLong records = new AtomicLong();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = threadCpuNanos();
      IngestResult result =
          decoder.decode(
              new ByteArrayInputStream(body), PARAMETERS, batch -> records.addAndGet(batch.size()));
      long elapsed = threadCpuNanos() - start;
      leastAllocated =
          Math.min(leastAllocated, threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
      assertThat(result.rejected()).isZero();
      assertThat(records.get()).isEqualTo(expectedRecords);
      bestLinesPerSecond = Math.max(bestLinesPerSecond, LINES * 1e9 / elapsed);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %,.0f lines a second of cpu time, %.0f MB/s (%d lines of %d bytes on"
            + " average, best of %d rounds), %,d bytes allocated a line%n",
        name,
        bestLinesPerSecond,
        bestLinesPerSecond * body.length / LINES / 1e6,
        LINES,
        body.length / LINES,
        ROUNDS,
        leastAllocated / LINES);
  }

  /** The fields of DecoderJsonLinesRateTest's typical line, as logfmt. */
  private static byte[] logfmtBody() {
    StringBuilder body = new StringBuilder(LINES * 200);
    String[] levels = {"info", "info", "info", "warn", "error"};
    for (int line = 0; line < LINES; line++) {
      int duration = line % 300;
      body.append("ts=2024-05-01T12:")
          .append(two(line / 60 % 60))
          .append(':')
          .append(two(line % 60))
          .append('.')
          .append(100_000 + line % 900_000)
          .append("Z level=")
          .append(levels[line % levels.length])
          .append(" service=checkout host=web-")
          .append(line % 8)
          .append(" http.method=GET http.status=")
          .append(line % 50 == 0 ? 500 : 200)
          .append(" duration_ms=")
          .append(duration)
          .append(" msg=\"GET /api/cart/")
          .append(100_000 + line)
          .append(" served in ")
          .append(duration)
          .append("ms\"\n");
    }
    return body.toString().getBytes(UTF_8);
  }

  private static byte[] accessLogBody() {
    StringBuilder body = new StringBuilder(LINES * 200);
    for (int line = 0; line < LINES; line++) {
      body.append("203.0.113.")
          .append(line % 250)
          .append(" - - [22/Nov/2026:10:")
          .append(two(line / 60 % 60))
          .append(':')
          .append(two(line % 60))
          .append(" +0000] \"GET /api/v1/products/sku_")
          .append(10_000 + line)
          .append(" HTTP/1.1\" ")
          .append(line % 100 == 0 ? 503 : 200)
          .append(' ')
          .append(800 + line % 3000)
          .append(
              " \"https://shop.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0\"\n");
    }
    return body.toString().getBytes(UTF_8);
  }

  private static byte[] plainBody() {
    StringBuilder body = new StringBuilder(LINES * 60);
    for (int line = 0; line < LINES; line++) {
      if (line % 10 == 0) {
        body.append("2024-05-01 12:00:00 ERROR request ").append(line).append(" failed\n");
      } else {
        body.append("\tat com.example.Service.handle(Service.java:")
            .append(line % 500)
            .append(")\n");
      }
    }
    return body.toString().getBytes(UTF_8);
  }

  private static String two(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  /**
   * CPU time of the decoding thread: measured in nanoseconds, where the process's CPU time ticks
   * too coarsely for the small bodies CI runs. GC and JIT threads are not in it.
   */
  private static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
