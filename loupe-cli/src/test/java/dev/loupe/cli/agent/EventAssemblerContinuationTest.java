package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventAssemblerContinuationTest {
  private static final long SECOND = 1_000_000_000L;
  private final List<FileEvent> events = new ArrayList<>();
  private final EventAssemblerContinuation assembler =
      new EventAssemblerContinuation(1024, 2 * SECOND);
  private long offset;

  private void line(String text, long nowNanos) {
    long length = text.length() + 1;
    assembler.addLine(text, offset, offset + length, nowNanos, events::add);
    offset += length;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'\tat dev.loupe.A.run(A.java:1)'       | true",
        "'    indented continuation'             | true",
        "'Caused by: java.io.IOException: x'     | true",
        "'... 12 more'                           | true",
        "'... 3 more frames'                     | true",
        "'2026-11-22 INFO started'               | false",
        "'java.lang.IllegalStateException: boom' | false",
        "'Traceback (most recent call last):'    | false",
        "'...and more'                           | false",
        "''                                      | false",
      })
  void whichLinesContinueAnEvent(String line, boolean continues) {
    assertThat(EventAssemblerContinuation.continues(line)).isEqualTo(continues);
  }

  @Test
  void aStackTraceBecomesOneEventEndedByTheNextEvent() {
    line("ERROR failed java.lang.IllegalStateException: boom", 0);
    line("\tat a.B.c(B.java:1)", 0);
    line("Caused by: java.io.IOException: gone", 0);
    line("\t... 1 more", 0);
    assertThat(events).isEmpty();
    assertThat(assembler.pendingStartOffset()).isZero();
    line("INFO next", 0);
    assertThat(events)
        .extracting(FileEvent::text)
        .containsExactly(
            "ERROR failed java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n"
                + "Caused by: java.io.IOException: gone\n\t... 1 more");
    assertThat(events.getFirst().endOffset()).isEqualTo(assembler.pendingStartOffset());
  }

  @Test
  void thePendingEventIsEmittedAfterTheIdleTimeout() {
    line("single", 10 * SECOND);
    assembler.flushIfIdle(11 * SECOND, events::add);
    assertThat(events).isEmpty();
    assembler.flushIfIdle(12 * SECOND, events::add);
    assertThat(events).extracting(FileEvent::text).containsExactly("single");
    assertThat(assembler.pendingStartOffset()).isEqualTo(-1);
  }

  @Test
  void blankLinesAreDroppedWithoutEndingAnEvent() {
    line("", 0);
    line("first", 0);
    line("", 0);
    line("\tcontinued", 0);
    assembler.flush(events::add);
    assertThat(events).extracting(FileEvent::text).containsExactly("first\n\tcontinued");
  }

  @Test
  void anEventEndsAtTheSizeLimit() {
    EventAssemblerContinuation small = new EventAssemblerContinuation(31, SECOND);
    long position = 0;
    for (String text : List.of("start of event", "\tframe one here", "\tframe two here")) {
      small.addLine(text, position, position + text.length() + 1, 0, events::add);
      position += text.length() + 1;
    }
    small.flush(events::add);
    assertThat(events)
        .extracting(FileEvent::text)
        .containsExactly("start of event\n\tframe one here", "\tframe two here");
  }

  @Test
  void aContinuationLineWithNothingBeforeItIsAnEventOfItsOwn() {
    line("\torphan frame", 0);
    assembler.flush(events::add);
    assertThat(events).extracting(FileEvent::text).containsExactly("\torphan frame");
  }
}
