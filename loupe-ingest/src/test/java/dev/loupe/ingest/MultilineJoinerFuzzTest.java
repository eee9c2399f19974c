package dev.loupe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random line sequences through the joiner, with every rule, random limits and idle checks
 * between lines, as a tailing agent makes them; see {@link Fuzz}. Checked on the bytes: the events,
 * split at their {@code \n}, are exactly the lines in order; each event's first line number and
 * line count are right; events keep to their limits; an idle check flushes only when no line came
 * since the one before; nothing is pending after the final flush.
 */
class MultilineJoinerFuzzTest {
  private static final String[] FORMS = {
    "2024-05-01 12:00:00 INFO started",
    "\tat com.example.App.run(App.java:10)",
    "Caused by: java.io.IOException: gone",
    "... 3 more",
    "com.example.BadException: x",
    "Traceback (most recent call last):",
    "  File \"x.py\", line 1, in <module>",
    "KeyError: 'k'",
    "During handling of the above exception, another exception occurred:",
    "goroutine 1 [running]:",
    "main.(*T).f(0xc0, {0x4b, 0x5})",
    "created by main.main in goroutine 1",
    "[signal SIGSEGV]",
    " ",
    "",
  };
  private static final MultilineRule[] RULES = {
    MultilineRule.AUTO,
    MultilineRule.OFF,
    MultilineRule.startPattern("^\\d{4}-"),
    MultilineRule.startPattern("^(a+)+\\1b")
  };

  /** One event, its bytes copied. */
  record Event(byte[] bytes, long firstLine, int lines) {}

  @Test
  void everyLineIsInExactlyOneEventInOrder() {
    Fuzz.run("MultilineJoiner", MultilineJoinerFuzzTest::runCase);
  }

  private static void runCase(Random random) throws Exception {
    int maxLines = random.nextBoolean() ? 1 + random.nextInt(5) : 1000;
    int maxBytes = random.nextBoolean() ? 1 + random.nextInt(120) : 1 << 20;
    MultilineRule rule = RULES[random.nextInt(RULES.length)];
    List<Event> events = new ArrayList<>();
    MultilineJoiner joiner =
        new MultilineJoiner(
            rule,
            maxLines,
            maxBytes,
            (bytes, offset, length, firstLine, lines) ->
                events.add(
                    new Event(
                        Arrays.copyOfRange(bytes, offset, offset + length), firstLine, lines)));
    List<byte[]> lines = new ArrayList<>();
    List<Long> lineNumbers = new ArrayList<>();
    long lineNumber = 1 + random.nextInt(1000);
    boolean addedSinceIdleCheck = false;
    for (int count = random.nextInt(200); count > 0; count--) {
      if (random.nextInt(8) == 0) {
        int before = events.size();
        boolean flushed = joiner.flushIfIdle();
        assertThat(flushed).isEqualTo(events.size() > before);
        if (flushed) {
          assertThat(addedSinceIdleCheck).as("flushed though a line came").isFalse();
        }
        addedSinceIdleCheck = false;
        continue;
      }
      byte[] line = line(random);
      byte[] buffer = new byte[line.length + 4];
      System.arraycopy(line, 0, buffer, 2, line.length);
      joiner.add(buffer, 2, line.length, lineNumber);
      // The caller's buffer changes after the call, as a line reader's does.
      Arrays.fill(buffer, (byte) '#');
      lines.add(line);
      lineNumbers.add(lineNumber);
      lineNumber += 1 + random.nextInt(3);
      addedSinceIdleCheck = true;
    }
    joiner.flush();

    assertThat(joiner.hasPending()).isFalse();
    check(events, lines, lineNumbers, maxLines, maxBytes, rule);
  }

  private static void check(
      List<Event> events,
      List<byte[]> lines,
      List<Long> lineNumbers,
      int maxLines,
      int maxBytes,
      MultilineRule rule) {
    List<byte[]> eventLines = new ArrayList<>();
    for (Event event : events) {
      List<byte[]> split = split(event.bytes());
      int position = eventLines.size();
      assertThat(position).as("no more event lines than lines").isLessThan(lines.size());
      assertThat(event.firstLine()).isEqualTo(lineNumbers.get(position));
      assertThat(event.lines()).isEqualTo(split.size()).isLessThanOrEqualTo(maxLines);
      if (event.lines() > 1) {
        assertThat(event.bytes().length).isLessThanOrEqualTo(maxBytes);
      }
      if (rule == MultilineRule.OFF) {
        assertThat(event.lines()).isEqualTo(1);
      }
      eventLines.addAll(split);
    }
    assertThat(eventLines).hasSameSizeAs(lines);
    for (int index = 0; index < lines.size(); index++) {
      assertThat(eventLines.get(index)).as("line %d", index).isEqualTo(lines.get(index));
    }
  }

  private static List<byte[]> split(byte[] bytes) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int index = 0; index <= bytes.length; index++) {
      if (index == bytes.length || bytes[index] == '\n') {
        parts.add(Arrays.copyOfRange(bytes, start, index));
        start = index + 1;
      }
    }
    return parts;
  }

  private static byte[] line(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Fuzz.garbage(random, 150);
      case 1 -> "a".repeat(random.nextInt(40)).getBytes(UTF_8);
      default -> FORMS[random.nextInt(FORMS.length)].getBytes(UTF_8);
    };
  }
}
