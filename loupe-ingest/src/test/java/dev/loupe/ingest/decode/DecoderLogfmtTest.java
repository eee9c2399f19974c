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
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DecoderLogfmtTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  private final StreamCache streamCache = new StreamCache();
  private final List<LogRecord> records = new ArrayList<>();

  @Test
  void aLineBecomesARecordWithMessageTimeAndFieldsInOrder() {
    IngestResult result =
        decode(
            "ts=2024-05-01T12:00:00.5Z level=info msg=\"user logged in\" user=42 cached\n",
            DEFAULTS);

    assertThat(result).isEqualTo(new IngestResult(1, 0, List.of()));
    LogRecord record = records.getFirst();
    assertThat(record.message()).isEqualTo("user logged in");
    assertThat(record.timeNanos()).isEqualTo(nanos("2024-05-01T12:00:00.5Z"));
    assertThat(fieldText(record)).isEqualTo("level=info, user=42, cached=true");
    assertThat(record.stream()).isEqualTo(Stream.of("default", Map.of()));
  }

  @Test
  void messageAndTimeFieldsFollowTheRequestParameters() {
    IngestParameters parameters =
        DEFAULTS.withMessageFields(List.of("event")).withTimeFields(List.of("at"));

    decode("at=1700000001 event=started msg=kept ts=2020-01-01T00:00:00Z\n", parameters);

    LogRecord record = records.getFirst();
    assertThat(record.message()).isEqualTo("started");
    assertThat(record.timeNanos()).isEqualTo(1_700_000_001_000_000_000L);
    // With time fields named by the request, ts is an ordinary field again.
    assertThat(fieldText(record)).isEqualTo("msg=kept, ts=2020-01-01T00:00:00Z");
  }

  @Test
  void withoutATimeFieldTheRecordGetsTheReceiveTimeAndWithoutAMessageAnEmptyOne() {
    decode("a=1\n", DEFAULTS);

    assertThat(records.getFirst().timeNanos()).isEqualTo(RECEIVED);
    assertThat(records.getFirst().message()).isEmpty();
  }

  @Test
  void streamFieldsNameTheStreamAndStayAsFields() {
    decode(
        "service=api host=web-1 msg=a\nservice=api host= msg=b\n",
        DEFAULTS.withTenant("acme").withStreamFields(List.of("service", "host")));

    assertThat(records.get(0).stream())
        .isEqualTo(Stream.of("acme", Map.of("service", "api", "host", "web-1")));
    assertThat(records.get(1).stream()).isEqualTo(Stream.of("acme", Map.of("service", "api")));
    assertThat(fieldText(records.get(0))).isEqualTo("service=api, host=web-1");
  }

  @Test
  void aLineWithoutPairsIsAMessage() {
    decode("just some text, no pairs\n", DEFAULTS);

    assertThat(records.getFirst().message()).isEqualTo("just some text, no pairs");
    assertThat(records.getFirst().fields()).isEmpty();
  }

  @Test
  void derivedNamesThatWereNotChosenAreDropped() {
    decode("_stream=spoof _tenant=other _msg=real _other=kept\n", DEFAULTS);

    assertThat(records.getFirst().message()).isEqualTo("real");
    assertThat(fieldText(records.getFirst())).isEqualTo("_other=kept");
  }

  @Test
  void badLinesAreRejectedWithLineAndColumnAndTheOthersKept() {
    String body =
        "msg=one\n"
            + "\n"
            + "msg=\"unclosed\n"
            + "   \n"
            + "time=yesterday msg=bad\n"
            + "msg=four\n";

    IngestResult result = decode(body, DEFAULTS);

    assertThat(records).extracting(LogRecord::message).containsExactly("one", "four");
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.rejected()).isEqualTo(2);
    assertThat(result.firstErrors())
        .containsExactly(
            new LineError(
                3,
                "quoted value of \"msg\" starting at column 5 is not closed; end it with a quote,"
                    + " and write a quote inside it as \\\""),
            new LineError(
                5,
                "field \"time\" has time \"yesterday\" that cannot be read; send RFC 3339 like"
                    + " 2024-05-01T12:00:00.123Z or Unix time in seconds, milliseconds,"
                    + " microseconds or nanoseconds (years 1677 to 2262)"));
  }

  @Test
  void tooManyFieldsAndTooLongLinesRejectOnlyTheirLine() {
    IngestLimits limits = new IngestLimits(1 << 20, 30, 2, 10);

    IngestResult result =
        decode(
            new ByteArrayInputStream(
                ("a=1 b=2 c=3\nmsg=ok\n" + "x=" + "y".repeat(40)).getBytes(UTF_8)),
            DEFAULTS,
            limits);

    assertThat(records).extracting(LogRecord::message).containsExactly("ok");
    assertThat(result.firstErrors()).extracting(LineError::line).containsExactly(1L, 3L);
    assertThat(result.firstErrors().get(0).reason()).startsWith("record has more than 2 fields");
    assertThat(result.firstErrors().get(1).reason()).startsWith("line is longer than 30 bytes");
  }

  @Test
  void replacesInvalidUtf8InKeysAndValuesAndCountsColumnsInCharacters() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("k".getBytes(UTF_8));
    body.write(0xFF);
    body.writeBytes("=v".getBytes(UTF_8));
    body.write(0xC3);
    body.writeBytes(" msg=\"caf\u00e9\"\n\u00e9\u00e9=\"open\n".getBytes(UTF_8));

    IngestResult result = decode(new ByteArrayInputStream(body.toByteArray()), DEFAULTS, LIMITS);

    assertThat(fieldText(records.getFirst())).isEqualTo("k\uFFFD=v\uFFFD");
    assertThat(records.getFirst().message()).isEqualTo("caf\u00e9");
    assertThat(result.firstErrors().getFirst().reason()).contains("starting at column 4");
  }

  @Test
  void skipsAByteOrderMarkAndWindowsLineEnds() {
    decode("\uFEFFmsg=a\r\nmsg=b\r\n", DEFAULTS);

    assertThat(records).extracting(LogRecord::message).containsExactly("a", "b");
    assertThat(records.getFirst().fields()).isEmpty();
  }

  @Test
  void handsBatchesToTheSinkInOrder() throws IOException {
    DecoderLogfmt decoder = new DecoderLogfmt(LIMITS, streamCache, 2, Long.MAX_VALUE);
    List<Integer> sizes = new ArrayList<>();

    decoder.decode(stream("msg=1\nmsg=2\nmsg=3\n"), DEFAULTS, batch -> sizes.add(batch.size()));

    assertThat(sizes).containsExactly(2, 1);
  }

  @Test
  void aBodyOverTheLimitThrows() {
    IngestLimits limits = new IngestLimits(10, 100, 1000, 10);

    assertThatThrownBy(() -> decode(stream("msg=0123456789\n"), DEFAULTS, limits))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
  }

  private IngestResult decode(String body, IngestParameters parameters) {
    return decode(stream(body), parameters, LIMITS);
  }

  private IngestResult decode(InputStream body, IngestParameters parameters, IngestLimits limits) {
    try {
      return new DecoderLogfmt(limits, streamCache).decode(body, parameters, records::addAll);
    } catch (IOException impossible) {
      throw new AssertionError("in-memory bodies do not fail", impossible);
    }
  }

  static String fieldText(LogRecord record) {
    return record.fields().stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(", "));
  }

  static long nanos(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
  }

  private static InputStream stream(String body) {
    return new ByteArrayInputStream(body.getBytes(UTF_8));
  }
}
