package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.MultilineRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerTest {
  private static final long SECOND = 1_000_000_000L;
  private final List<FileEvent> events = new ArrayList<>();
  private EventAssembler assembler = new EventAssembler(MultilineRule.AUTO, 1000, 1024, 2 * SECOND);
  private long offset;

  /** Adds a line as if read from a file at the next offset, with its \n. */
  private void line(String text, long nowNanos) {
    long length = text.getBytes(StandardCharsets.UTF_8).length + 1;
    assembler.addLine(text, offset, offset + length, nowNanos, events::add);
    offset += length;
  }

  private List<String> texts() {
    return events.stream().map(FileEvent::text).toList();
  }

  @Test
  void aJavaStackTraceBecomesOneEventEndedByTheNextEventAtItsLastLine() {
    line("ERROR failed", 0);
    line("java.lang.IllegalStateException: boom", 0);
    line("\tat a.B.c(B.java:1)", 0);
    line("Caused by: java.io.IOException: gone", 0);
    line("\t... 1 more", 0);
    long traceEnd = offset;
    assertThat(events).isEmpty();
    assertThat(assembler.pendingStartOffset()).isZero();

    line("INFO next", 0);

    assertThat(texts())
        .containsExactly(
            "ERROR failed\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n"
                + "Caused by: java.io.IOException: gone\n\t... 1 more");
    assertThat(events.getFirst().endOffset()).isEqualTo(traceEnd);
    assertThat(assembler.pendingStartOffset()).isEqualTo(traceEnd);
  }

  @Test
  void pythonAndGoTracesAreJoinedByTheServersRule() {
    line("Traceback (most recent call last):", 0);
    line("  File \"app.py\", line 3, in <module>", 0);
    line("ValueError: bad", 0);
    line("panic: runtime error", 0);
    line("goroutine 1 [running]:", 0);
    line("main.main()", 0);
    line("\t/app/main.go:5 +0x1d", 0);
    line("done", 0);
    assembler.flush(events::add);

    assertThat(texts())
        .containsExactly(
            "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n"
                + "ValueError: bad",
            "panic: runtime error\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:5 +0x1d",
            "done");
  }

  @Test
  void thePendingEventIsHandedOnAfterTheIdleTimeoutAtTheEndOfItsLastLine() {
    line("single", 10 * SECOND);
    line("\tcontinued", 10 * SECOND);

    assembler.flushIfIdle(11 * SECOND, events::add);
    assertThat(events).isEmpty();
    assembler.flushIfIdle(12 * SECOND, events::add);

    assertThat(events).containsExactly(new FileEvent("single\n\tcontinued", offset));
    assertThat(assembler.pendingStartOffset()).isEqualTo(-1);
  }

  @Test
  void emptyLinesAreSkippedWithoutEndingAnEvent() {
    line("", 0);
    line("first", 0);
    line("", 0);
    line("\tcontinued", 0);
    assembler.flush(events::add);

    assertThat(texts()).containsExactly("first\n\tcontinued");
  }

  @Test
  void anEventEndsAtTheByteLimitAndTheNextStartsThere() {
    assembler = new EventAssembler(MultilineRule.AUTO, 1000, 31, SECOND);
    line("start of event", 0);
    line("\tframe one here", 0);
    long secondStart = offset;
    line("\tframe two here", 0);

    assertThat(texts()).containsExactly("start of event\n\tframe one here");
    assertThat(events.getFirst().endOffset()).isEqualTo(secondStart);
    assertThat(assembler.pendingStartOffset()).isEqualTo(secondStart);
  }

  @Test
  void anEventEndsAtTheLineLimit() {
    assembler = new EventAssembler(MultilineRule.AUTO, 2, 1024, SECOND);
    line("start", 0);
    line("\tone", 0);
    line("\ttwo", 0);
    assembler.flush(events::add);

    assertThat(texts()).containsExactly("start\n\tone", "\ttwo");
  }

  @Test
  void aLineLongerThanAnEventIsHandedOnAloneAtOnce() {
    assembler = new EventAssembler(MultilineRule.AUTO, 1000, 8, SECOND);
    line("short", 0);
    line("\tmuch too long to join", 0);

    assertThat(events)
        .containsExactly(
            new FileEvent("short", 6), new FileEvent("\tmuch too long to join", offset));
    assertThat(assembler.pendingStartOffset()).isEqualTo(-1);
  }

  @Test
  void offMakesEveryLineAnEventAtOnce() {
    assembler = new EventAssembler(MultilineRule.OFF, 1000, 1024, SECOND);
    line("one", 0);
    line("\tindented", 0);
    line("  ", 0);

    assertThat(events)
        .containsExactly(
            new FileEvent("one", 4), new FileEvent("\tindented", 14), new FileEvent("  ", 17));
    assertThat(assembler.pendingStartOffset()).isEqualTo(-1);
  }

  @Test
  void aStartPatternJoinsEverythingElse() {
    assembler = new EventAssembler(MultilineRule.startPattern("^\\d{4}-"), 1000, 1024, SECOND);
    line("2026-11-22 first", 0);
    line("not indented, still the first", 0);
    line("2026-11-22 second", 0);
    assembler.flush(events::add);

    assertThat(texts())
        .containsExactly("2026-11-22 first\nnot indented, still the first", "2026-11-22 second");
  }

  @Test
  void aContinuationLineWithNothingBeforeItIsAnEventOfItsOwn() {
    line("\torphan frame", 0);
    assembler.flush(events::add);

    assertThat(texts()).containsExactly("\torphan frame");
  }
}
