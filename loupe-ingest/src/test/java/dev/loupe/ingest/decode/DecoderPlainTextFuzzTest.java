package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.ingest.Fuzz;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.MultilineRule;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random plain-text bodies, mixing event lines, every continuation form the multi-line rule
 * knows, empty, too-long and invalid UTF-8 lines, under every multi-line mode and random event
 * limits; see {@link Fuzz}. Checked: the records' lines, in order, are exactly the body's kept
 * lines (none lost, doubled or moved), every too-long line and nothing else is rejected with its
 * line number, each record is timed by its first line, and events keep to their limits.
 */
class DecoderPlainTextFuzzTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final String[] FORMS = {
    "2024-05-01 12:00:00 INFO started",
    "\tat com.example.App.run(App.java:10)",
    "    at Object.<anonymous> (/x.js:1:1)",
    "Caused by: java.io.IOException: gone",
    "\t... 3 more",
    "java.lang.IllegalStateException: boom",
    "Traceback (most recent call last):",
    "  File \"x.py\", line 1, in <module>",
    "ValueError: bad",
    "goroutine 1 [running]:",
    "main.main()",
    "panic: boom",
    "[signal SIGSEGV: segmentation violation]",
    " ",
    "plain line",
  };
  private static final MultilineRule[] RULES = {
    MultilineRule.AUTO, MultilineRule.OFF, MultilineRule.startPattern("^\\d{4}-")
  };

  private final StreamCache streamCache = new StreamCache();

  @Test
  void everyLineEndsUpInExactlyOneRecordInOrder() {
    Fuzz.run("DecoderPlainText", this::runCase);
  }

  private void runCase(Random random) throws Exception {
    int maxLineBytes = random.nextBoolean() ? 60 : 1 << 20;
    int maxEventLines = random.nextBoolean() ? 1 + random.nextInt(4) : 1000;
    int maxEventBytes = random.nextBoolean() ? 1 + random.nextInt(200) : 1 << 20;
    IngestLimits limits =
        new IngestLimits(1 << 24, maxLineBytes, 1000, 100_000)
            .withEventLimits(maxEventLines, maxEventBytes);
    MultilineRule rule = RULES[random.nextInt(RULES.length)];
    List<byte[]> lines = new ArrayList<>();
    for (int count = 1 + random.nextInt(150); count > 0; count--) {
      lines.add(line(random));
    }
    byte[] body = join(random, lines);
    List<LogRecord> records = new ArrayList<>();
    DecoderPlainText decoder =
        new DecoderPlainText(limits, streamCache, 1 + random.nextInt(50), 1 + random.nextInt(5000));

    IngestResult result =
        decoder.decode(
            new ChunkedInputStream(body, 1 + random.nextInt(300)),
            IngestParameters.defaults(RECEIVED).withMultiline(rule),
            records::addAll);

    check(lines, maxLineBytes, limits, rule, result, records);
  }

  private static void check(
      List<byte[]> lines,
      int maxLineBytes,
      IngestLimits limits,
      MultilineRule rule,
      IngestResult result,
      List<LogRecord> records) {
    List<String> keptLines = new ArrayList<>();
    List<Long> keptLineNumbers = new ArrayList<>();
    List<Integer> keptLineBytes = new ArrayList<>();
    List<Long> tooLongLineNumbers = new ArrayList<>();
    for (int index = 0; index < lines.size(); index++) {
      byte[] line = lines.get(index);
      if (line.length > maxLineBytes) {
        tooLongLineNumbers.add(index + 1L);
      } else if (line.length > 0) {
        keptLines.add(new String(line, UTF_8));
        keptLineBytes.add(line.length);
        keptLineNumbers.add(index + 1L);
      }
    }
    assertThat(result.rejected()).isEqualTo(tooLongLineNumbers.size());
    assertThat(result.firstErrors()).extracting(LineError::line).isEqualTo(tooLongLineNumbers);
    assertThat(records).hasSize((int) result.accepted());

    List<String> recordLines = new ArrayList<>();
    for (LogRecord record : records) {
      String[] eventLines = record.message().split("\n", -1);
      int position = recordLines.size();
      assertThat(position).as("no more record lines than kept lines").isLessThan(keptLines.size());
      // Timed by the first line of its event, so body order is kept.
      assertThat(record.timeNanos()).isEqualTo(RECEIVED + keptLineNumbers.get(position) - 1);
      assertThat(eventLines.length).isLessThanOrEqualTo(limits.maxEventLines());
      if (eventLines.length > 1) {
        // The limit is on the bytes received; replacing invalid UTF-8 may lengthen the message.
        int eventBytes = eventLines.length - 1;
        for (int line = position; line < position + eventLines.length; line++) {
          eventBytes += keptLineBytes.get(line);
        }
        assertThat(eventBytes).isLessThanOrEqualTo(limits.maxEventBytes());
      }
      if (rule == MultilineRule.OFF) {
        assertThat(eventLines).hasSize(1);
      }
      recordLines.addAll(List.of(eventLines));
    }
    assertThat(recordLines).isEqualTo(keptLines);
  }

  private static byte[] line(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> new byte[0];
      case 1 -> withoutTrailingCarriageReturns(Fuzz.garbage(random, 90));
      case 2 -> "x".repeat(50 + random.nextInt(30)).getBytes(UTF_8);
      default -> FORMS[random.nextInt(FORMS.length)].getBytes(UTF_8);
    };
  }

  /**
   * The reader takes one {@code \r} before a line end as part of the line end, so a line's own
   * trailing {@code \r} would make what is kept depend on the line end that follows.
   */
  private static byte[] withoutTrailingCarriageReturns(byte[] line) {
    int length = line.length;
    while (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return java.util.Arrays.copyOf(line, length);
  }

  private static byte[] join(Random random, List<byte[]> lines) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int index = 0; index < lines.size(); index++) {
      body.writeBytes(lines.get(index));
      if (index < lines.size() - 1 || random.nextBoolean()) {
        body.writeBytes(random.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      }
    }
    return body.toByteArray();
  }
}
