package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.MultilineRule;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoderPlainTextTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);

  private final List<LogRecord> records = new ArrayList<>();

  @Test
  void eachNonEmptyLineBecomesAMessageTimedByItsLineNumber() {
    IngestResult result =
        decode(
            "first\r\n\nthird line\n  \nfifth",
            DEFAULTS.withMultiline(MultilineRule.OFF),
            IngestLimits.defaults());

    assertThat(result).isEqualTo(new IngestResult(4, 0, List.of()));
    assertThat(records)
        .extracting(LogRecord::message, LogRecord::timeNanos)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("first", RECEIVED),
            org.assertj.core.groups.Tuple.tuple("third line", RECEIVED + 2),
            org.assertj.core.groups.Tuple.tuple("  ", RECEIVED + 3),
            org.assertj.core.groups.Tuple.tuple("fifth", RECEIVED + 4));
  }

  @Test
  void recordsHaveNoFieldsAndTheEmptyStreamOfTheTenantWhateverTheStreamFields() {
    IngestParameters parameters = DEFAULTS.withTenant("acme").withStreamFields(List.of("service"));

    decode("service=api {\"service\":\"api\"}", parameters, IngestLimits.defaults());

    LogRecord record = records.getFirst();
    assertThat(record.fields()).isEmpty();
    assertThat(record.stream()).isEqualTo(Stream.of("acme", Map.of()));
    assertThat(record.message()).isEqualTo("service=api {\"service\":\"api\"}");
  }

  @Test
  void replacesInvalidUtf8() {
    byte[] body = {'a', (byte) 0xFF, 'b', '\n'};

    decode(new ByteArrayInputStream(body), DEFAULTS, IngestLimits.defaults());

    assertThat(records).extracting(LogRecord::message).containsExactly("a\uFFFDb");
  }

  @Test
  void rejectsLinesOverTheLimitAndKeepsTheOthers() {
    IngestLimits limits = new IngestLimits(1 << 20, 5, 1000, 10);

    IngestResult result =
        decode(
            new ChunkedInputStream("ok\ntoo long\nok too\nfine".getBytes(UTF_8), 2),
            DEFAULTS,
            limits);

    assertThat(records).extracting(LogRecord::message).containsExactly("ok", "fine");
    assertThat(result.rejected()).isEqualTo(2);
    assertThat(result.firstErrors()).extracting(LineError::line).containsExactly(2L, 3L);
    assertThat(result.firstErrors().getFirst().reason())
        .isEqualTo("line is longer than 5 bytes; split it or raise the line size limit");
  }

  // ---- multi-line events ----

  private static final String JAVA_TRACE =
      """
      2024-05-01 12:00:00 ERROR [main] App - request failed
      java.lang.IllegalStateException: boom
      \tat com.example.App.run(App.java:10)
      \tat com.example.App.main(App.java:5)
      Caused by: java.io.IOException: disk gone
      \tat com.example.Disk.write(Disk.java:42)
      \t... 2 more
      2024-05-01 12:00:01 INFO [main] App - next request
      """;

  @Test
  void joinsAStackTraceToTheLineItBelongsToByDefault() {
    IngestResult result = decode(JAVA_TRACE, DEFAULTS, IngestLimits.defaults());

    assertThat(result).isEqualTo(new IngestResult(2, 0, List.of()));
    String[] lines = JAVA_TRACE.split("\n");
    assertThat(records.get(0).message()).isEqualTo(String.join("\n", List.of(lines).subList(0, 7)));
    assertThat(records.get(1).message()).isEqualTo(lines[7]);
    // The time of an event is that of its first line, so line 8 keeps its place in the order.
    assertThat(records).extracting(LogRecord::timeNanos).containsExactly(RECEIVED, RECEIVED + 7);
  }

  @Test
  void multilineOffKeepsEveryLineApart() {
    decode(JAVA_TRACE, DEFAULTS.withMultiline(MultilineRule.OFF), IngestLimits.defaults());

    assertThat(records).hasSize(8);
  }

  @Test
  void aStartPatternJoinsEverythingElse() {
    String body = "[1] start\nnot indented but continues\n[2] next\n";

    decode(
        body, DEFAULTS.withMultiline(MultilineRule.startPattern("^\\[")), IngestLimits.defaults());

    assertThat(records)
        .extracting(LogRecord::message)
        .containsExactly("[1] start\nnot indented but continues", "[2] next");
  }

  @Test
  void emptyLinesAreDroppedInsideAnEventAndLineNumbersOfErrorsStayTrue() {
    IngestLimits limits = new IngestLimits(1 << 20, 25, 1000, 10);
    String body =
        "event one\n\n  continued after empty\n"
            + "x".repeat(30)
            + "\n  orphan continuation\nevent two\n";

    IngestResult result = decode(body, DEFAULTS, limits);

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.firstErrors()).extracting(LineError::line).containsExactly(4L);
    // The too-long line ends the event before it: nothing is joined across the gap.
    assertThat(records)
        .extracting(LogRecord::message, LogRecord::timeNanos)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("event one\n  continued after empty", RECEIVED),
            org.assertj.core.groups.Tuple.tuple("  orphan continuation", RECEIVED + 4),
            org.assertj.core.groups.Tuple.tuple("event two", RECEIVED + 5));
  }

  @Test
  void eventsAreCutAtTheEventLimitsWithoutLosingLines() {
    IngestLimits limits = IngestLimits.defaults().withEventLimits(2, 1 << 20);

    decode("a\n b\n c\n d\n", DEFAULTS, limits);

    assertThat(records).extracting(LogRecord::message).containsExactly("a\n b", " c\n d");
  }

  @Test
  void invalidUtf8InsideAnEventIsReplaced() {
    byte[] body = {'a', '\n', ' ', (byte) 0xC3, '(', '\n'};

    decode(new ByteArrayInputStream(body), DEFAULTS, IngestLimits.defaults());

    assertThat(records).extracting(LogRecord::message).containsExactly("a\n \uFFFD(");
  }

  @Test
  void handsBatchesInOrder() throws IOException {
    DecoderPlainText decoder =
        new DecoderPlainText(IngestLimits.defaults(), new StreamCache(), 2, Long.MAX_VALUE);
    List<Integer> sizes = new ArrayList<>();

    decoder.decode(stream("a\nb\nc\nd\ne"), DEFAULTS, batch -> sizes.add(batch.size()));

    assertThat(sizes).containsExactly(2, 2, 1);
  }

  @Test
  void bodyOverLimitThrows() {
    IngestLimits limits = new IngestLimits(10, 100, 1000, 10);

    assertThatThrownBy(() -> decode("0123456789\nx", DEFAULTS, limits))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
  }

  private IngestResult decode(String body, IngestParameters parameters, IngestLimits limits) {
    return decode(stream(body), parameters, limits);
  }

  private IngestResult decode(InputStream body, IngestParameters parameters, IngestLimits limits) {
    try {
      return new DecoderPlainText(limits, new StreamCache())
          .decode(body, parameters, records::addAll);
    } catch (IOException impossible) {
      throw new AssertionError("in-memory bodies do not fail", impossible);
    }
  }

  private static InputStream stream(String body) {
    return new ByteArrayInputStream(body.getBytes(UTF_8));
  }
}
