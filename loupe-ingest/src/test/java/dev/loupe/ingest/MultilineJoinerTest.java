package dev.loupe.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineJoinerTest {
  /** One event as the consumer saw it. */
  record Event(String text, long firstLine, int lines) {}

  private final List<Event> events = new ArrayList<>();

  private MultilineJoiner joiner(MultilineRule rule, int maxLines, int maxBytes) {
    return new MultilineJoiner(
        rule,
        maxLines,
        maxBytes,
        (bytes, offset, length, firstLine, lines) ->
            events.add(new Event(new String(bytes, offset, length, UTF_8), firstLine, lines)));
  }

  private List<Event> joinAll(MultilineRule rule, String text) throws IOException {
    MultilineJoiner joiner = joiner(rule, 1000, 1 << 20);
    long lineNumber = 1;
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        joiner.add(line, lineNumber);
      }
      lineNumber++;
    }
    joiner.flush();
    return events;
  }

  private static final String JAVA =
      """
      2024-05-01 12:00:00 ERROR [main] App - request failed
      java.lang.IllegalStateException: boom
      \tat com.example.App.run(App.java:10)
      Caused by: java.io.IOException: disk gone
      \tat com.example.Disk.write(Disk.java:42)
      \t... 1 more
      2024-05-01 12:00:01 INFO [main] App - next""";

  private static final String PYTHON_CHAINED =
      """
      2024-05-01 12:00:00,123 ERROR app: lookup failed
      Traceback (most recent call last):
        File "app.py", line 3, in lookup
          return table[key]
      KeyError: 'user'

      During handling of the above exception, another exception occurred:

      Traceback (most recent call last):
        File "app.py", line 8, in <module>
          lookup("user")
      RuntimeError: lookup failed
      2024-05-01 12:00:01,000 INFO app: next""";

  private static final String GO_PANIC =
      """
      2024/05/01 12:00:00 serving
      panic: runtime error: invalid memory address or nil pointer dereference
      [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x45c0b4]

      goroutine 1 [running]:
      main.(*Server).handle(0x0, {0x4b2d4e, 0x5})
      \t/src/server.go:42 +0x14
      main.main()
      \t/src/main.go:12 +0x25
      exit status 2""";

  @Test
  void joinsAJavaStackTraceWithItsCauses() throws IOException {
    List<Event> joined = joinAll(MultilineRule.AUTO, JAVA);

    String[] lines = JAVA.split("\n");
    assertThat(joined)
        .containsExactly(
            new Event(String.join("\n", List.of(lines).subList(0, 6)), 1, 6),
            new Event(lines[6], 7, 1));
  }

  @Test
  void joinsChainedPythonTracebacksAcrossEmptyLines() throws IOException {
    List<Event> joined = joinAll(MultilineRule.AUTO, PYTHON_CHAINED);

    assertThat(joined).hasSize(2);
    assertThat(joined.get(0).text())
        .startsWith("2024-05-01 12:00:00,123 ERROR app: lookup failed\nTraceback")
        .contains("KeyError: 'user'\nDuring handling")
        .endsWith("RuntimeError: lookup failed");
    assertThat(joined.get(0).lines()).isEqualTo(10);
    assertThat(joined.get(1)).isEqualTo(new Event("2024-05-01 12:00:01,000 INFO app: next", 13, 1));
  }

  @Test
  void joinsAGoPanicAndItsGoroutineDump() throws IOException {
    List<Event> joined = joinAll(MultilineRule.AUTO, GO_PANIC);

    assertThat(joined).extracting(Event::firstLine).containsExactly(1L, 2L, 10L);
    assertThat(joined.get(1).text())
        .startsWith("panic: runtime error")
        .endsWith("\t/src/main.go:12 +0x25");
    assertThat(joined.get(1).lines()).isEqualTo(7);
    assertThat(joined.get(2).text()).isEqualTo("exit status 2");
  }

  @Test
  void aStartPatternDecidesAloneAndOffJoinsNothing() throws IOException {
    String text = "2024-05-01 a\nnot indented\n  indented\n2024-05-02 b";

    assertThat(joinAll(MultilineRule.startPattern("^\\d{4}-"), text))
        .extracting(Event::text)
        .containsExactly("2024-05-01 a\nnot indented\n  indented", "2024-05-02 b");
    events.clear();
    assertThat(joinAll(MultilineRule.OFF, text)).hasSize(4);
  }

  @Test
  void aContinuationWithNothingBeforeItStartsAnEvent() throws IOException {
    assertThat(joinAll(MultilineRule.AUTO, "\tat first\nsecond"))
        .containsExactly(new Event("\tat first", 1, 1), new Event("second", 2, 1));
  }

  @Test
  void cutsAnEventAtTheLineLimitAndKeepsEveryLine() throws IOException {
    MultilineJoiner joiner = joiner(MultilineRule.AUTO, 3, 1 << 20);
    joiner.add("start", 1);
    for (int line = 2; line <= 7; line++) {
      joiner.add(" more " + line, line);
    }
    joiner.flush();

    assertThat(events)
        .containsExactly(
            new Event("start\n more 2\n more 3", 1, 3),
            new Event(" more 4\n more 5\n more 6", 4, 3),
            new Event(" more 7", 7, 1));
  }

  @Test
  void cutsAnEventAtTheByteLimitAndPassesALongerLineAlone() throws IOException {
    MultilineJoiner joiner = joiner(MultilineRule.AUTO, 100, 10);
    joiner.add("abcd", 1);
    joiner.add(" efgh", 2); // 4 + 1 + 5 = 10 bytes: fits exactly
    joiner.add(" i", 3); // would make 13
    joiner.add(" this line is longer than ten", 4);
    joiner.add(" j", 5);
    joiner.flush();

    assertThat(events)
        .containsExactly(
            new Event("abcd\n efgh", 1, 2),
            new Event(" i", 3, 1),
            new Event(" this line is longer than ten", 4, 1),
            new Event(" j", 5, 1));
  }

  @Test
  void flushIfIdleWaitsForAWholeIdlePeriod() throws IOException {
    MultilineJoiner joiner = joiner(MultilineRule.AUTO, 100, 1 << 20);
    joiner.add("start", 1);

    // A line came since the last check (there was none): not idle yet.
    assertThat(joiner.flushIfIdle()).isFalse();
    joiner.add("  continued", 2);
    assertThat(joiner.flushIfIdle()).isFalse();
    assertThat(joiner.hasPending()).isTrue();
    assertThat(joiner.flushIfIdle()).isTrue();

    assertThat(events).containsExactly(new Event("start\n  continued", 1, 2));
    assertThat(joiner.hasPending()).isFalse();
    assertThat(joiner.flushIfIdle()).isFalse();
  }

  @Test
  void offHandsOnEachLineAsItComes() throws IOException {
    MultilineJoiner joiner = joiner(MultilineRule.OFF, 100, 1 << 20);
    joiner.add("one", 1);

    assertThat(events).containsExactly(new Event("one", 1, 1));
    assertThat(joiner.hasPending()).isFalse();
  }

  @Test
  void readsOnlyTheGivenSliceOfTheBytes() throws IOException {
    MultilineJoiner joiner = joiner(MultilineRule.AUTO, 100, 1 << 20);
    byte[] buffer = "xxfirstyy  secondzz".getBytes(UTF_8);
    joiner.add(buffer, 2, 5, 1);
    joiner.add(buffer, 9, 8, 2);
    joiner.flush();

    assertThat(events).containsExactly(new Event("first\n  second", 1, 2));
  }

  @Test
  void aConsumerFailureReachesTheCaller() {
    MultilineJoiner joiner =
        new MultilineJoiner(
            MultilineRule.OFF,
            IngestLimits.defaults(),
            (bytes, offset, length, firstLine, lines) -> {
              throw new IOException("buffer disk full");
            });

    assertThatThrownBy(() -> joiner.add("x", 1)).hasMessage("buffer disk full");
  }

  @Test
  void rejectsLimitsThatCannotWork() {
    assertThatThrownBy(() -> joiner(MultilineRule.AUTO, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> joiner(MultilineRule.AUTO, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
