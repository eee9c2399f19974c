package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecoderLokiJsonTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);

  private final List<LogRecord> records = new ArrayList<>();

  /** What Promtail and Alloy send as JSON, with structured metadata on the second entry. */
  private static final String PUSH =
      """
      {"streams":[
        {"stream":{"job":"varlogs","host":"web-1"},
         "values":[["1763805600000000001","GET /health 200"],
                   ["1763805600000000002","payment declined",{"trace_id":"abc123","user":"42"}]]},
        {"stream":{"job":"nginx"},
         "values":[["1763805601000000000","upstream timed out"]]}]}
      """;

  @Test
  void labelsBecomeTheStreamAndFieldsAndMetadataFollowThem() throws IOException {
    IngestResult result = decode(PUSH, DEFAULTS);

    assertThat(result).isEqualTo(new IngestResult(3, 0, List.of()));
    assertThat(records)
        .extracting(LogRecord::message, LogRecord::timeNanos, DecoderLokiJsonTest::fieldText)
        .containsExactly(
            tuple("GET /health 200", 1763805600000000001L, "job=varlogs, host=web-1"),
            tuple(
                "payment declined",
                1763805600000000002L,
                "job=varlogs, host=web-1, trace_id=abc123, user=42"),
            tuple("upstream timed out", 1763805601000000000L, "job=nginx"));
    assertThat(records.getFirst().stream())
        .isEqualTo(Stream.of("default", Map.of("job", "varlogs", "host", "web-1")));
    assertThat(records.get(2).stream()).isEqualTo(Stream.of("default", Map.of("job", "nginx")));
  }

  @Test
  void theTenantOfTheRequestOwnsTheStreams() throws IOException {
    decode(PUSH, DEFAULTS.withTenant("acme"));

    assertThat(records).allMatch(record -> record.stream().tenant().equals("acme"));
  }

  @Test
  void valuesWrittenBeforeTheLabelsWaitForThem() throws IOException {
    decode(
        "{\"streams\":[{\"values\":[[\"5\",\"early\"]],\"stream\":{\"job\":\"late\"}},"
            + "{\"values\":[[\"6\",\"no labels\"]]}]}",
        DEFAULTS);

    assertThat(records)
        .extracting(record -> record.stream().canonicalLabels(), LogRecord::message)
        .containsExactly(tuple("{job=\"late\"}", "early"), tuple("{}", "no labels"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          ["0","receive time"]                          | receive time        | 1700000000000000000
          [1763805600000000000,"a number"]              | a number            | 1763805600000000000
          ["2025-11-22T10:00:00.5Z","rfc 3339"]         | rfc 3339            | 1763805600500000000
          ["1","one nanosecond"]                        | one nanosecond      | 1
          ["1763805600000000000","null metadata",null]  | null metadata       | 1763805600000000000
          """)
  void timestamps(String value, String message, long expectedNanos) throws IOException {
    decode("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[" + value + "]}]}", DEFAULTS);

    assertThat(records)
        .extracting(LogRecord::message, LogRecord::timeNanos)
        .containsExactly(tuple(message, expectedNanos));
  }

  /** Bad entries are rejected one by one with their place; the good ones are stored. */
  @Test
  void badEntriesAreRejectedAloneWithTheirPlace() throws IOException {
    String body =
        """
        {"streams":[
          {"stream":{"job":"a"},"values":[
            ["1","kept 1"],
            "not an array",
            ["yesterday","bad time"],
            ["2",42],
            ["3"],
            ["4","x",{"k":"v"},"extra"],
            [{"nested":1},"time is an object"],
            ["5","line",["metadata","as array"]],
            ["6","kept 2"]]},
          {"stream":{"job":["not","a","string"]},"values":[["7","label not a string"]]},
          {"stream":{"job":"b"},"values":[["8","kept 3"]]}]}
        """;

    IngestResult result = decode(body, DEFAULTS);

    assertThat(records)
        .extracting(LogRecord::message)
        .containsExactly("kept 1", "kept 2", "kept 3");
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(result.rejected()).isEqualTo(8);
    assertThat(result.firstErrors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(
            tuple(2L, "streams[0].values[1]: is not an array [\"<unix ns>\", \"<line>\"]"),
            tuple(
                3L,
                "streams[0].values[2]: timestamp \"yesterday\" is not unix nanoseconds as a"
                    + " string, like \"1700000000000000000\""),
            tuple(4L, "streams[0].values[3]: the line (second element) is not a string"),
            tuple(5L, "streams[0].values[4]: has no line; write [\"<unix ns>\", \"<line>\"]"),
            tuple(6L, "streams[0].values[5]: has more than three elements"),
            tuple(
                7L,
                "streams[0].values[6]: timestamp that is not unix nanoseconds as a string, like"
                    + " \"1700000000000000000\""),
            tuple(8L, "streams[0].values[7]: structured metadata (third element) is not an object"),
            tuple(10L, "streams[1].values[0]: label \"job\" is not a string"));
  }

  @Test
  void linesOverTheLimitAndEntriesWithTooManyFieldsAreRejected() throws IOException {
    IngestLimits limits = new IngestLimits(1 << 20, 10, 2, 10);
    String body =
        """
        {"streams":[{"stream":{"job":"a"},"values":[
          ["1","short"],["2","this line is too long"],["3","é",{"x":"1","y":"2"}],
          ["4","ééééé"],["5","éééééé"]]}]}
        """;

    IngestResult result = decode(body, DEFAULTS, limits);

    assertThat(records).extracting(LogRecord::message).containsExactly("short", "ééééé");
    assertThat(result.firstErrors())
        .extracting(LineError::reason)
        .containsExactly(
            "streams[0].values[1]: line is longer than 10 bytes; split it or raise the line size"
                + " limit",
            "streams[0].values[2]: entry has more than 2 labels and structured metadata; send"
                + " fewer or raise the field limit",
            "streams[0].values[4]: line is longer than 10 bytes; split it or raise the line size"
                + " limit");
  }

  @Test
  void derivedAndEmptyNamesAndEmptyLabelValuesAreLeftOut() throws IOException {
    decode(
        "{\"streams\":[{\"stream\":{\"job\":\"a\",\"empty\":\"\",\"_msg\":\"spoof\"},"
            + "\"values\":[[\"1\",\"line\",{\"_time\":\"x\",\"\":\"y\",\"kept\":\"z\"}]]}]}",
        DEFAULTS);

    LogRecord record = records.getFirst();
    assertThat(record.stream().canonicalLabels()).isEqualTo("{_msg=\"spoof\",job=\"a\"}");
    assertThat(fieldText(record)).isEqualTo("job=a, kept=z");
    assertThat(record.message()).isEqualTo("line");
  }

  @Test
  void invalidUtf8IsReplacedNotRejected() throws IOException {
    byte[] prefix =
        "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x".getBytes(UTF_8);
    byte[] suffix = "y\"]]}]}".getBytes(UTF_8);
    byte[] body = new byte[prefix.length + 1 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xFF;
    System.arraycopy(suffix, 0, body, prefix.length + 1, suffix.length);

    new DecoderLokiJson(IngestLimits.defaults(), new StreamCache())
        .decode(new ByteArrayInputStream(body), DEFAULTS, records::addAll);

    assertThat(records.getFirst().message()).isEqualTo("x\uFFFDy");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          [1,2]                                         | body is not a json object
          {"streams":{}}                                | "streams" is not an array
          {"streams":[1]}                               | streams[0] is not an object
          {"streams":[{"values":{}}]}                   | streams[0].values is not an array
          {"streams":[]} {}                             | text after the json object at line 1
          {"streams":[{"stream":{"a":"b"},"values":[    | body is not valid json at line 1, column 43
          """)
  void aBodyThatIsNoPushRequestFailsWhole(String body, String message) {
    assertThatThrownBy(() -> decode(body, DEFAULTS))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageStartingWith(message)
        .hasMessageContaining("the 0 entries handed to storage before it are stored");
  }

  @Test
  void emptyBodiesAndEmptyStreamsStoreNothing() throws IOException {
    assertThat(decode("", DEFAULTS)).isEqualTo(new IngestResult(0, 0, List.of()));
    assertThat(decode("{\"streams\":[]}", DEFAULTS)).isEqualTo(new IngestResult(0, 0, List.of()));
    assertThat(decode("{\"streams\":null,\"other\":[1]}", DEFAULTS).accepted()).isZero();
  }

  @Test
  void aBodyOverTheLimitFailsBeforeAnythingIsStored() {
    IngestLimits limits = new IngestLimits(16, 1 << 20, 1000, 10);

    assertThatThrownBy(() -> decode(PUSH, DEFAULTS, limits))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
    assertThat(records).isEmpty();
  }

  private IngestResult decode(String body, IngestParameters parameters) throws IOException {
    return decode(body, parameters, IngestLimits.defaults());
  }

  private IngestResult decode(String body, IngestParameters parameters, IngestLimits limits)
      throws IOException {
    return new DecoderLokiJson(limits, new StreamCache())
        .decode(new ByteArrayInputStream(body.getBytes(UTF_8)), parameters, records::addAll);
  }

  static String fieldText(LogRecord record) {
    return record.fields().stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(", "));
  }
}
