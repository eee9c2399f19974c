package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecoderJsonLinesTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  private final StreamCache streamCache = new StreamCache();
  private final List<List<LogRecord>> batches = new ArrayList<>();

  // ---- flattening and value text ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          {"http":{"status":500}}                              | http.status=500
          {"a":{"b":{"c":"x"}},"d":1}                          | a.b.c=x, d=1
          {"tags":[1, "two", {"x":null}],"k":"v"}              | tags=[1, "two", {"x":null}], k=v
          {"n":1.50,"e":-1E3,"z":-0.0}                         | n=1.50, e=-1E3, z=-0.0
          {"big":123456789012345678901234567890}               | big=123456789012345678901234567890
          {"t":true,"f":false}                                 | t=true, f=false
          {"gone":null,"kept":"x","nested":{"gone":null}}      | kept=x
          {"empty":{},"list":[]}                               | list=[]
          {"s":"a\\"b\\\\c\\u00e9"}                            | s=a"b\\cé
          {"a":1,"a":2}                                        | a=1, a=2
          {"a.b":1,"a":{"b":2}}                                | a.b=1, a.b=2
          {"_pattern":"p","_custom":{"x":1}}                   | _custom.x=1
          {"_stream":"s","_stream_id":"i","_tenant":"t","k":2} | k=2
          {"ключ":"значение"}                                  | ключ=значение
          """)
  void flattensNestedObjectsAndKeepsValueText(String line, String expectedFields) {
    IngestResult result = decode(line);

    assertThat(result.rejected()).as("errors %s", result.firstErrors()).isZero();
    assertThat(fieldText(onlyRecord())).isEqualTo(expectedFields);
  }

  @Test
  void keepsArraysExactlyAsWrittenAfterLeadingBlanksAndByteOrderMark() {
    byte[] body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "  {\"a\":[1,  2]}\n");

    IngestResult result = decode(new ByteArrayInputStream(body), DEFAULTS, LIMITS);

    assertThat(result.rejected()).isZero();
    assertThat(fieldText(onlyRecord())).isEqualTo("a=[1,  2]");
  }

  // ---- time ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"_time":"2024-05-01T12:00:00Z"}                  | 2024-05-01T12:00:00Z
          {"_time":"2024-05-01T14:00:00.123456789+02:00"}   | 2024-05-01T12:00:00.123456789Z
          {"timestamp":"2024-05-01T12:00:00.5Z"}            | 2024-05-01T12:00:00.5Z
          {"time":1714564800}                               | 2024-05-01T12:00:00Z
          {"@timestamp":1714564800123}                      | 2024-05-01T12:00:00.123Z
          {"_time":1714564800123456}                        | 2024-05-01T12:00:00.123456Z
          {"_time":1714564800123456789}                     | 2024-05-01T12:00:00.123456789Z
          {"_time":1714564800.25}                           | 2024-05-01T12:00:00.25Z
          {"_time":"1714564800123"}                         | 2024-05-01T12:00:00.123Z
          {"_time":1.7145648E9}                             | 2024-05-01T12:00:00Z
          """)
  void readsTimeInEveryAcceptedForm(String line, String expectedInstant) {
    decode(line);

    assertThat(onlyRecord().timeNanos()).isEqualTo(nanos(expectedInstant));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"k":"no time field"}
          {"_time":""}
          {"_time":"0"}
          {"_time":0}
          {"_time":null}
          """)
  void usesReceiveTimeWhenTheRecordHasNone(String line) {
    decode(line);

    assertThat(onlyRecord().timeNanos()).isEqualTo(RECEIVED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          {"_time":"yesterday"}              | field "_time" has time "yesterday" that cannot be read
          {"ts":true,"timestamp":"2024-13-01T00:00:00Z"} | field "timestamp" has time "2024-13-01T00:00:00Z"
          {"time":[1,2]}                     | field "time" has time "[1,2]"
          {"_time":99999999999999999999}     | field "_time" has time "99999999999999999999"
          """)
  void rejectsUnreadableTimeNamingFieldAndValue(String line, String expectedReasonStart) {
    IngestResult result = decode(line);

    assertThat(result.accepted()).isZero();
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.firstErrors().getFirst().reason())
        .startsWith(expectedReasonStart)
        .contains("RFC 3339");
  }

  @Test
  void truncatesLongBadTimeValuesInTheReason() {
    String value = "x".repeat(500);

    IngestResult result = decode("{\"_time\":\"" + value + "\"}");

    String reason = result.firstErrors().getFirst().reason();
    assertThat(reason).contains("\"" + "x".repeat(64) + "...\"").doesNotContain("x".repeat(65));
  }

  @Test
  void firstTimeFieldInListOrderWinsAndOthersStayAsFields() {
    decode("{\"time\":\"2024-05-01T00:00:00Z\",\"timestamp\":\"2024-05-01T12:00:00Z\"}");

    LogRecord record = onlyRecord();
    assertThat(record.timeNanos()).isEqualTo(nanos("2024-05-01T12:00:00Z"));
    assertThat(fieldText(record)).isEqualTo("time=2024-05-01T00:00:00Z");
  }

  @Test
  void timeFieldOverrideReadsNestedNames() {
    decode(
        "{\"event\":{\"created\":\"2024-05-01T12:00:00Z\"},\"k\":1}",
        DEFAULTS.withTimeFields(List.of("event.created")));

    LogRecord record = onlyRecord();
    assertThat(record.timeNanos()).isEqualTo(nanos("2024-05-01T12:00:00Z"));
    assertThat(fieldText(record)).isEqualTo("k=1");
  }

  @Test
  void timeFieldOverrideReplacesDefaultsAndDropsUnchosenReservedTime() {
    IngestParameters parameters = DEFAULTS.withTimeFields(List.of("ts"));

    decode(
        "{\"_time\":\"2020-01-01T00:00:00Z\",\"timestamp\":\"x\",\"ts\":1714564800}", parameters);

    LogRecord record = onlyRecord();
    assertThat(record.timeNanos()).isEqualTo(nanos("2024-05-01T12:00:00Z"));
    assertThat(fieldText(record)).isEqualTo("timestamp=x");
  }

  // ---- message ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          {"_msg":"a","message":"b","msg":"c"} | a  | message=b, msg=c
          {"msg":"c","message":"b"}            | b  | msg=c
          {"msg":"c","level":"info"}           | c  | level=info
          {"level":"info"}                     | '' | level=info
          {"_msg":42}                          | 42 | ''
          {"_msg":["a","b"]}                   | '["a","b"]' | ''
          {"_msg":null,"msg":"c"}              | c  | ''
          """)
  void takesMessageFromFirstPresentDefaultField(String line, String message, String fields) {
    decode(line);

    LogRecord record = onlyRecord();
    assertThat(record.message()).isEqualTo(message);
    assertThat(fieldText(record)).isEqualTo(fields);
  }

  @Test
  void messageFieldOverrideReadsNestedNamesAndDropsUnchosenReservedMessage() {
    IngestParameters parameters = DEFAULTS.withMessageFields(List.of("log.text", "message"));

    decode("{\"_msg\":\"ignored\",\"message\":\"second\",\"log\":{\"text\":\"hi\"}}", parameters);

    LogRecord record = onlyRecord();
    assertThat(record.message()).isEqualTo("hi");
    assertThat(fieldText(record)).isEqualTo("message=second");
  }

  // ---- streams ----

  @Test
  void streamFieldsBecomeCanonicalLabelsAndStayAsFields() {
    IngestParameters parameters =
        DEFAULTS.withTenant("acme").withStreamFields(List.of("service", "host", "k8s.pod"));

    decode(
        "{\"service\":\"api\",\"host\":\"web-1\",\"k8s\":{\"pod\":\"p-1\"},\"status\":5}",
        parameters);

    LogRecord record = onlyRecord();
    String canonical = "{host=\"web-1\",k8s.pod=\"p-1\",service=\"api\"}";
    assertThat(record.stream().canonicalLabels()).isEqualTo(canonical);
    assertThat(record.stream().tenant()).isEqualTo("acme");
    assertThat(record.stream().id()).isEqualTo(StreamId.of("acme", canonical));
    assertThat(fieldText(record)).isEqualTo("service=api, host=web-1, k8s.pod=p-1, status=5");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          {"service":"api"}                         | '{service="api"}'
          {"host":"","service":"api"}               | '{service="api"}'
          {"host":null,"service":"api"}             | '{service="api"}'
          {"other":1}                               | '{}'
          {"host":7,"service":"a\\"b"}              | '{host="7",service="a\\"b"}'
          {"service":"first","service":"second"}    | '{service="first"}'
          """)
  void leavesMissingAndEmptyLabelsOut(String line, String expectedLabels) {
    decode(line, DEFAULTS.withStreamFields(List.of("service", "host")));

    Stream stream = onlyRecord().stream();
    assertThat(stream.canonicalLabels()).isEqualTo(expectedLabels);
    assertThat(stream.id()).isEqualTo(StreamId.of("default", expectedLabels));
  }

  @Test
  void withoutStreamFieldsEveryRecordHasTheEmptyStreamOfItsTenant() {
    decode("{\"service\":\"api\"}\n{\"service\":\"db\"}", DEFAULTS.withTenant("t1"));

    assertThat(records()).extracting(LogRecord::stream).containsOnly(Stream.of("t1", Map.of()));
  }

  @Test
  void recordsOfOneStreamShareOneStreamInstanceAcrossRequests() {
    IngestParameters parameters = DEFAULTS.withStreamFields(List.of("service"));

    decode("{\"service\":\"api\"}\n{\"service\":\"api\"}", parameters);
    decode("{\"service\":\"api\"}", parameters);

    List<LogRecord> records = records();
    assertThat(records).hasSize(3);
    assertThat(records.get(1).stream()).isSameAs(records.get(0).stream());
    assertThat(records.get(2).stream()).isSameAs(records.get(0).stream());
  }

  // ---- bad lines among good ones ----

  @Test
  void rejectsBadLinesKeepsGoodOnesAndNumbersLinesFromOne() {
    String body =
        String.join(
            "\n",
            "{\"_msg\":\"one\"}",
            "{\"_msg\":",
            "",
            "{\"_msg\":\"four\"}",
            "[1,2]",
            "\"just a string\"",
            "{\"a\":1} {\"b\":2}",
            "   ",
            "{\"_msg\":\"nine\"}",
            "{\"a\":}",
            "hello");

    IngestResult result = decode(body);

    assertThat(result.accepted()).isEqualTo(3);
    assertThat(result.rejected()).isEqualTo(6);
    assertThat(records()).extracting(LogRecord::message).containsExactly("one", "four", "nine");
    assertThat(result.firstErrors())
        .extracting(LineError::line)
        .containsExactly(2L, 5L, 6L, 7L, 10L, 11L);
    List<String> reasons = result.firstErrors().stream().map(LineError::reason).toList();
    assertThat(reasons.get(0)).startsWith("invalid json at column ");
    assertThat(reasons.get(1)).startsWith("line is not a json object");
    assertThat(reasons.get(2)).startsWith("line is not a json object");
    assertThat(reasons.get(3)).startsWith("text after the json object");
    assertThat(reasons.get(4)).startsWith("invalid json at column 6: unexpected character ('}'");
    assertThat(reasons.get(5)).startsWith("line is not a json object");
  }

  @Test
  void reportsColumnsFromTheRealStartOfTheLine() {
    IngestResult result = decode("    {\"a\":}");

    assertThat(result.firstErrors().getFirst().reason()).startsWith("invalid json at column 10:");
  }

  @Test
  void reportsOnlyTheFirstErrorsButCountsThemAll() {
    String body = "{bad\n".repeat(15) + "{\"_msg\":\"ok\"}\n";

    IngestResult result = decode(body);

    assertThat(result.rejected()).isEqualTo(15);
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.firstErrors())
        .extracting(LineError::line)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void rejectsNestingDeeperThanTheParserAllowsAndKeepsShallowNesting() {
    String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    String shallow = "{\"a\":".repeat(50) + "1" + "}".repeat(50);

    IngestResult result = decode(deep + "\n" + shallow);

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.firstErrors().getFirst().reason()).contains("nesting depth");
    assertThat(fieldText(onlyRecord())).isEqualTo("a.".repeat(49) + "a=1");
  }

  @Test
  void rejectsNulByteThatWouldMakeJacksonGuessUtf16() {
    byte[] body =
        "{\u0000\"\u0000a\u0000\"\u0000:\u0000[\u00001\u0000]\u0000}\u0000".getBytes(UTF_8);

    IngestResult result = decode(new ByteArrayInputStream(body), DEFAULTS, LIMITS);

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.firstErrors().getFirst().reason()).contains("nul byte");
  }

  // ---- limits ----

  @Test
  void skipsLineOverLimitWithoutBreakingTheNextLine() {
    IngestLimits limits = new IngestLimits(1 << 20, 40, 1000, 10);
    String longLine = "{\"_msg\":\"" + "x".repeat(500) + "\"}";
    byte[] body =
        ("{\"_msg\":\"before\"}\n" + longLine + "\n{\"_msg\":\"after\"}\n").getBytes(UTF_8);

    for (int chunkBytes : new int[] {1, 3, 17, 64, 1 << 16}) {
      batches.clear();
      IngestResult result = decode(new ChunkedInputStream(body, chunkBytes), DEFAULTS, limits);

      assertThat(result.accepted()).as("chunk %d", chunkBytes).isEqualTo(2);
      assertThat(records()).extracting(LogRecord::message).containsExactly("before", "after");
      assertThat(result.firstErrors())
          .containsExactly(
              new LineError(
                  2, "line is longer than 40 bytes; split it or raise the line size limit"));
    }
  }

  @Test
  void rejectsRecordWithMoreFieldsThanTheLimitCountingAfterFlattening() {
    IngestLimits limits = new IngestLimits(1 << 20, 1 << 20, 3, 10);
    String body =
        String.join(
            "\n",
            "{\"a\":1,\"b\":2,\"c\":3}",
            "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}",
            "{\"a\":{\"b\":1,\"c\":2,\"d\":3,\"e\":4}}",
            "{\"a\":1,\"b\":null,\"c\":null,\"d\":null,\"e\":2}");

    IngestResult result = decode(new ByteArrayInputStream(body.getBytes(UTF_8)), DEFAULTS, limits);

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.firstErrors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                2L,
                "record has more than 3 fields after flattening; send fewer fields or raise the"
                    + " field limit"),
            org.assertj.core.groups.Tuple.tuple(
                3L,
                "record has more than 3 fields after flattening; send fewer fields or raise the"
                    + " field limit"));
  }

  @Test
  void bodyOverLimitThrowsAndKeepsBatchesAlreadyHandedOver() {
    IngestLimits limits = new IngestLimits(1000, 1 << 20, 1000, 10);
    StringBuilder body = new StringBuilder();
    for (int line = 0; line < 100; line++) {
      body.append("{\"_msg\":\"line ").append(line).append("\"}\n");
    }
    DecoderJsonLines decoder = new DecoderJsonLines(limits, streamCache, 4, Long.MAX_VALUE);

    assertThatThrownBy(
            () ->
                decoder.decode(
                    new ChunkedInputStream(body.toString().getBytes(UTF_8), 100),
                    DEFAULTS,
                    batches::add))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
              assertThat(error.getMessage())
                  .startsWith("request body is larger than 1000 bytes after decompression")
                  .contains("the " + records().size() + " records handed to storage");
            });
    assertThat(records()).isNotEmpty();
    assertThat(records().getLast().message()).isEqualTo("line " + (records().size() - 1));
  }

  // ---- bytes ----

  @Test
  void replacesInvalidUtf8InNamesAndValuesInsteadOfRejecting() {
    byte[] body =
        concat(
            "{\"na".getBytes(UTF_8),
            new byte[] {(byte) 0xFF},
            "me\":\"va".getBytes(UTF_8),
            new byte[] {(byte) 0xC3},
            "lue\",\"_msg\":[\"".getBytes(UTF_8),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            "\"]}".getBytes(UTF_8));

    IngestResult result = decode(new ByteArrayInputStream(body), DEFAULTS, LIMITS);

    assertThat(result.rejected()).isZero();
    LogRecord record = onlyRecord();
    assertThat(fieldText(record)).isEqualTo("na\uFFFDme=va\uFFFDlue");
    // The JDK replaces an encoded surrogate with one U+FFFD (Unicode allows one or three).
    assertThat(record.message()).isEqualTo("[\"\uFFFD\"]");
  }

  @Test
  void acceptsWindowsLineEndsAndMissingFinalNewline() {
    decode("{\"_msg\":\"a\"}\r\n{\"_msg\":\"b\"}\r\n{\"_msg\":\"c\"}");

    assertThat(records()).extracting(LogRecord::message).containsExactly("a", "b", "c");
  }

  // ---- batches, sink, threads ----

  @Test
  void handsRecordsToTheSinkInBatchesBoundedByCountAndBytes() throws IOException {
    String body = "{\"_msg\":\"0123456789\"}\n".repeat(10);
    DecoderJsonLines byCount = new DecoderJsonLines(LIMITS, streamCache, 3, Long.MAX_VALUE);
    DecoderJsonLines byBytes = new DecoderJsonLines(LIMITS, streamCache, 1000, 50);
    List<Integer> countSizes = new ArrayList<>();
    List<Integer> byteSizes = new ArrayList<>();

    byCount.decode(stream(body), DEFAULTS, batch -> countSizes.add(batch.size()));
    byBytes.decode(stream(body), DEFAULTS, batch -> byteSizes.add(batch.size()));

    assertThat(countSizes).containsExactly(3, 3, 3, 1);
    // Each line is 21 bytes: the third line crosses 50.
    assertThat(byteSizes).containsExactly(3, 3, 3, 1);
  }

  @Test
  void emptyBodyGivesEmptyResultAndNoBatch() {
    IngestResult result = decode("\n\n  \n");

    assertThat(result).isEqualTo(new IngestResult(0, 0, List.of()));
    assertThat(batches).isEmpty();
  }

  @Test
  void sinkFailureStopsDecodingAndReachesTheCaller() {
    DecoderJsonLines decoder = new DecoderJsonLines(LIMITS, streamCache, 1, Long.MAX_VALUE);
    LoupeException full = new LoupeException(ErrorCode.INSUFFICIENT_STORAGE, "disk full");

    assertThatThrownBy(
            () ->
                decoder.decode(
                    stream("{}\n{}\n"),
                    DEFAULTS,
                    batch -> {
                      throw full;
                    }))
        .isSameAs(full);
  }

  @Test
  void oneDecoderServesConcurrentRequestsIndependently() throws Exception {
    DecoderJsonLines decoder = new DecoderJsonLines(LIMITS, streamCache);
    byte[] body = DecoderJsonLinesRateTest.typicalBody(20_000);
    IngestParameters parameters = DEFAULTS.withStreamFields(List.of("service", "host"));
    IngestResult expected = decoder.decode(new ByteArrayInputStream(body), parameters, batch -> {});
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<IngestResult>> results = new ArrayList<>();
      for (int request = 0; request < 8; request++) {
        results.add(
            pool.submit(
                () -> decoder.decode(new ByteArrayInputStream(body), parameters, batch -> {})));
      }
      for (Future<IngestResult> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    }
    assertThat(expected.accepted()).isEqualTo(20_000);
  }

  /**
   * The reused parser must give exactly what a parser a line gives, records and rejections alike;
   * typical lines are damaged at random (seeded) so that both good and bad lines of every kind
   * pass.
   */
  @Test
  void reusedParserDecodesLikeAParserALine() throws IOException {
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    byte[] body = damagedBody(random, 3 * JsonLinesSession.LINES_PER_REUSED_PARSER);
    IngestParameters parameters =
        DEFAULTS.withStreamFields(List.of("service", "host", "http.method"));
    // Few fields, so that the field limit rejects some lines too.
    IngestLimits limits =
        new IngestLimits(LIMITS.maxBodyBytes(), LIMITS.maxLineBytes(), 9, 100_000);
    List<LogRecord> reusedRecords = new ArrayList<>();
    List<LogRecord> perLineRecords = new ArrayList<>();

    IngestResult reused =
        new DecoderJsonLines(limits, streamCache, true)
            .decode(new ByteArrayInputStream(body), parameters, reusedRecords::addAll);
    IngestResult perLine =
        new DecoderJsonLines(limits, streamCache, false)
            .decode(new ByteArrayInputStream(body), parameters, perLineRecords::addAll);

    assertThat(reused).as("seed %d", seed).isEqualTo(perLine);
    assertThat(reusedRecords).as("seed %d", seed).isEqualTo(perLineRecords);
    assertThat(perLine.accepted()).as("seed %d", seed).isPositive();
    assertThat(perLine.rejected()).as("seed %d", seed).isPositive();
  }

  private static byte[] damagedBody(java.util.Random random, int lines) {
    String[] typicalLines =
        new String(DecoderJsonLinesRateTest.typicalBody(lines), UTF_8).split("\n");
    byte[] pieces = "{}[]\":,\\ \t\r0-.eE1tfnul\u00e9x".getBytes(UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String typicalLine : typicalLines) {
      String line =
          typicalLine.replace(
              "\"level\"", random.nextBoolean() ? "\"tags\":[1,{\"a\":[]}]" : "\"level\"");
      byte[] bytes = line.getBytes(UTF_8);
      int damages = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
      for (int damage = 0; damage < damages; damage++) {
        bytes = damage(random, bytes, pieces);
      }
      body.writeBytes(bytes);
      body.write('\n');
    }
    return body.toByteArray();
  }

  /** Text after an object that a line-at-a-time parser might take for the start of a value. */
  private static final String[] TRAILERS = {
    " 5", "12", "-", "0.5", "1e", "{}", "[]", " tru", "null", " \"x", "\"\"", " \t", "/", "]", ","
  };

  /** Deletes, replaces or inserts one byte, cuts the line short, or adds text after it. */
  private static byte[] damage(java.util.Random random, byte[] line, byte[] pieces) {
    if (line.length == 0) {
      return line;
    }
    int at = random.nextInt(line.length);
    byte piece = random.nextInt(20) == 0 ? (byte) 0xFF : pieces[random.nextInt(pieces.length)];
    ByteArrayOutputStream damaged = new ByteArrayOutputStream();
    switch (random.nextInt(5)) {
      case 0 -> {
        damaged.write(line, 0, at);
        damaged.write(line, at + 1, line.length - at - 1);
      }
      case 1 -> {
        damaged.write(line, 0, at);
        damaged.write(piece);
        damaged.write(line, at + 1, line.length - at - 1);
      }
      case 2 -> {
        damaged.write(line, 0, at);
        damaged.write(piece);
        damaged.write(line, at, line.length - at);
      }
      case 3 -> damaged.write(line, 0, at);
      default -> {
        damaged.writeBytes(line);
        damaged.writeBytes(TRAILERS[random.nextInt(TRAILERS.length)].getBytes(UTF_8));
      }
    }
    return damaged.toByteArray();
  }

  // ---- helpers ----

  private IngestResult decode(String body) {
    return decode(body, DEFAULTS);
  }

  private IngestResult decode(String body, IngestParameters parameters) {
    return decode(stream(body), parameters, LIMITS);
  }

  private IngestResult decode(InputStream body, IngestParameters parameters, IngestLimits limits) {
    try {
      return new DecoderJsonLines(limits, streamCache).decode(body, parameters, batches::add);
    } catch (IOException impossible) {
      throw new AssertionError("in-memory bodies do not fail", impossible);
    }
  }

  private List<LogRecord> records() {
    return batches.stream().flatMap(List::stream).toList();
  }

  private LogRecord onlyRecord() {
    assertThat(records()).hasSize(1);
    return records().getFirst();
  }

  private static String fieldText(LogRecord record) {
    return record.fields().stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(", "));
  }

  private static long nanos(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
  }

  private static InputStream stream(String body) {
    return new ByteArrayInputStream(body.getBytes(UTF_8));
  }

  private static byte[] concat(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(part instanceof String text ? text.getBytes(UTF_8) : (byte[]) part);
    }
    return out.toByteArray();
  }
}
