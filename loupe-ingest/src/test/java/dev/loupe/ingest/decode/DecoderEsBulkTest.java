package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecoderEsBulkTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters ES_DEFAULTS =
      IngestParameters.defaults(RECEIVED)
          .withTimeFields(DecoderEsBulk.DEFAULT_TIME_FIELDS)
          .withMessageFields(DecoderEsBulk.DEFAULT_MESSAGE_FIELDS);

  private final List<LogRecord> records = new ArrayList<>();

  /** The body Filebeat 8 sends to a data stream: create actions, ECS documents. */
  private static final String FILEBEAT_BODY =
      """
      {"create":{"_index":"filebeat-8.19.0"}}
      {"@timestamp":"2026-11-22T10:00:00.123Z","message":"GET /health 200","log":{"file":{"path":"/var/log/app.log"},"offset":42},"host":{"name":"web-1"},"ecs":{"version":"8.0.0"}}
      {"create":{"_index":"filebeat-8.19.0"}}
      {"@timestamp":"2026-11-22T10:00:01Z","message":"payment declined","log":{"file":{"path":"/var/log/app.log"},"offset":91},"host":{"name":"web-1"}}
      """;

  @Test
  void filebeatDocumentsBecomeRecordsOfTheirIndexStream() {
    BulkResult result = decode(FILEBEAT_BODY, ES_DEFAULTS, null);

    assertThat(result.summary()).isEqualTo(new IngestResult(2, 0, List.of()));
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.items())
        .extracting(BulkItem::action, BulkItem::index, BulkItem::status)
        .containsExactly(
            tuple(BulkAction.CREATE, "filebeat-8.19.0", 201),
            tuple(BulkAction.CREATE, "filebeat-8.19.0", 201));
    LogRecord first = records.getFirst();
    assertThat(first.stream()).isEqualTo(Stream.of("default", Map.of("_index", "filebeat-8.19.0")));
    assertThat(first.timeNanos()).isEqualTo(nanos("2026-11-22T10:00:00.123Z"));
    assertThat(first.message()).isEqualTo("GET /health 200");
    assertThat(fieldText(first))
        .isEqualTo(
            "_index=filebeat-8.19.0, log.file.path=/var/log/app.log, log.offset=42,"
                + " host.name=web-1, ecs.version=8.0.0");
    assertThat(records.get(1).message()).isEqualTo("payment declined");
  }

  @Test
  void theIndexOfThePathServesActionsThatNameNoneAndTheClientsIdIsKept() {
    String body =
        """
        {"index":{"_id":"doc-1"}}
        {"message":"one"}
        {"index":{"_index":"other","_id":7}}
        {"message":"two"}
        """;

    BulkResult result = decode(body, ES_DEFAULTS, "from-path");

    assertThat(result.items())
        .extracting(BulkItem::index, BulkItem::id)
        .containsExactly(tuple("from-path", "doc-1"), tuple("other", "7"));
    assertThat(result.responseId(0)).isEqualTo("doc-1");
    assertThat(records)
        .extracting(record -> record.field("_index"), record -> record.field("_id"))
        .containsExactly(tuple("from-path", "doc-1"), tuple("other", "7"));
  }

  @Test
  void fluentBitDocumentsWithTypeAndLogFieldAreRead() {
    String body =
        """
        {"create":{"_index":"fluent-bit","_type":"_doc"}}
        {"@timestamp":"2026-11-22T10:00:02.000Z","log":"disk almost full","stream":"stderr"}
        """;

    decode(body, ES_DEFAULTS, null);

    assertThat(records.getFirst().message()).isEqualTo("disk almost full");
    assertThat(fieldText(records.getFirst())).isEqualTo("_index=fluent-bit, stream=stderr");
  }

  @Test
  void theRequestsTimeMessageAndStreamFieldsReplaceTheDefaults() {
    String body =
        """
        {"create":{"_index":"app"}}
        {"ts":"2026-11-22T10:00:03Z","text":"hello","message":"not the message","service":"api"}
        """;
    IngestParameters chosen =
        ES_DEFAULTS
            .withTimeFields(List.of("ts"))
            .withMessageFields(List.of("text"))
            .withStreamFields(List.of("service"));

    decode(body, chosen, null);

    LogRecord record = records.getFirst();
    assertThat(record.message()).isEqualTo("hello");
    assertThat(record.timeNanos()).isEqualTo(nanos("2026-11-22T10:00:03Z"));
    assertThat(record.stream())
        .isEqualTo(Stream.of("default", Map.of("_index", "app", "service", "api")));
  }

  /** Each bad item fails alone, named by its line; the good documents around it are stored. */
  @Test
  void badItemsFailOneByOneAndTheGoodAreStored() {
    String body =
        """
        {"create":{"_index":"logs"}}
        {"message":"good 1"}
        {"create":{"_index":"logs"}}
        {"message":"broken
        {"create":{"_index":"logs"}}
        {"@timestamp":"yesterday","message":"bad time"}
        {"delete":{"_index":"logs","_id":"1"}}
        {"update":{"_index":"logs","_id":"1"}}
        {"doc":{"message":"skipped"}}
        {"frobnicate":{}}
        {"message":"skipped with its unknown action"}
        {"create":{}}
        {"message":"no index anywhere"}
        {"create":{"_index":"logs"}}

        {"create":{"_index":"logs"}}
        {"message":"good 2"}
        {"index":{"_index":"logs"}}
        """;

    BulkResult result = decode(body, ES_DEFAULTS, null);

    assertThat(records).extracting(LogRecord::message).containsExactly("good 1", "good 2");
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.summary().accepted()).isEqualTo(2);
    assertThat(result.summary().rejected()).isEqualTo(8);
    assertThat(result.items())
        .extracting(BulkItem::action, BulkItem::status, BulkItem::errorType)
        .containsExactly(
            tuple(BulkAction.CREATE, 201, null),
            tuple(BulkAction.CREATE, 400, "document_parsing_exception"),
            tuple(BulkAction.CREATE, 400, "document_parsing_exception"),
            tuple(BulkAction.DELETE, 400, "illegal_argument_exception"),
            tuple(BulkAction.UPDATE, 400, "illegal_argument_exception"),
            tuple(BulkAction.INDEX, 400, "illegal_argument_exception"),
            tuple(BulkAction.CREATE, 400, "action_request_validation_exception"),
            tuple(BulkAction.CREATE, 400, "illegal_argument_exception"),
            tuple(BulkAction.CREATE, 201, null),
            tuple(BulkAction.INDEX, 400, "illegal_argument_exception"));
    List<String> reasons = result.items().stream().map(BulkItem::errorReason).toList();
    assertThat(reasons.get(1)).startsWith("source line 4: invalid json at column");
    assertThat(reasons.get(2))
        .startsWith("source line 6: field \"@timestamp\" has time \"yesterday\"");
    assertThat(reasons.get(3)).contains("delete action is not supported");
    assertThat(reasons.get(5)).startsWith("action line 10 has unknown action \"frobnicate\"");
    assertThat(reasons.get(6)).contains("index is missing");
    assertThat(reasons.get(7))
        .isEqualTo(
            "the create action on line 14 has no source line after it; send each document on the"
                + " line after its action");
    assertThat(reasons.get(9)).contains("action on line 18 has no source line");
    assertThat(result.summary().firstErrors())
        .extracting(LineError::line)
        .containsExactly(4L, 6L, 7L, 8L, 10L, 12L, 14L, 18L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          not json at all                      | action line 1 is not valid json
          [1,2]                                | action line 1 is not a json object
          {}                                   | action line 1 names no action
          {"create":"logs"}                    | action line 1 has no object after "create"
          {"create":{"_index":1}}              | action line 1 has an "_index" that is not a string
          {"create":{},"index":{}}             | action line 1 holds more than one action
          """)
  void malformedActionLinesFailAsOneItemAndSkipTheirSource(String actionLine, String reason) {
    BulkResult result =
        decode(
            actionLine + "\n{\"message\":\"skipped\"}\n{\"create\":{}}\n{\"message\":\"kept\"}\n",
            ES_DEFAULTS,
            "logs");

    assertThat(result.items()).hasSize(2);
    assertThat(result.items().getFirst().errorReason()).startsWith(reason);
    assertThat(result.items().get(1).failed()).isFalse();
    assertThat(records).extracting(LogRecord::message).containsExactly("kept");
  }

  @Test
  void aSourceLineOverTheLineLimitFailsAloneAndAnIndexOverTwoHundredFiftyFiveBytesToo() {
    IngestLimits limits = new IngestLimits(1 << 20, 64, 1000, 10);
    String longIndex = "i".repeat(256);
    String body =
        "{\"create\":{\"_index\":\"logs\"}}\n{\"message\":\""
            + "x".repeat(100)
            + "\"}\n{\"create\":{\"_index\":\""
            + longIndex.substring(0, 40)
            + "\"}}\n{\"message\":\"kept\"}\n";

    BulkResult result = decode(body, ES_DEFAULTS, null, limits);

    assertThat(result.items().getFirst().errorReason())
        .isEqualTo("line is longer than 64 bytes; split it or raise the line size limit");
    assertThat(records).extracting(LogRecord::message).containsExactly("kept");

    records.clear();
    BulkResult tooLong =
        decode(
            "{\"create\":{}}\n{\"message\":\"x\"}\n",
            ES_DEFAULTS,
            longIndex,
            IngestLimits.defaults());
    assertThat(tooLong.items().getFirst().errorType()).isEqualTo("invalid_index_name_exception");
    assertThat(records).isEmpty();
  }

  @Test
  void generatedIdsAreTwentyUrlSafeCharactersAndUniqueAcrossItemsAndRequests() {
    String body = "{\"create\":{\"_index\":\"a\"}}\n{}\n".repeat(50);
    DecoderEsBulk decoder = new DecoderEsBulk(IngestLimits.defaults(), new StreamCache());
    Set<String> ids = new HashSet<>();

    for (int request = 0; request < 3; request++) {
      BulkResult result = decode(decoder, body, ES_DEFAULTS, null);
      for (int position = 0; position < result.items().size(); position++) {
        ids.add(result.responseId(position));
      }
    }

    assertThat(ids).hasSize(150).allMatch(id -> id.matches("[A-Za-z0-9_-]{20}"));
  }

  @Test
  void batchesAreBoundedAndEveryRecordArrivesInBodyOrder() {
    String body =
        IntStream.range(0, 25)
            .mapToObj(n -> "{\"create\":{\"_index\":\"a\"}}\n{\"message\":\"m" + n + "\"}\n")
            .collect(Collectors.joining());
    List<Integer> batchSizes = new ArrayList<>();
    DecoderEsBulk decoder =
        new DecoderEsBulk(IngestLimits.defaults(), new StreamCache(), 10, Long.MAX_VALUE);

    BulkResult result =
        decodeInto(
            decoder,
            body,
            ES_DEFAULTS,
            null,
            batch -> {
              batchSizes.add(batch.size());
              records.addAll(batch);
            });

    assertThat(batchSizes).containsExactly(10, 10, 5);
    assertThat(result.items()).hasSize(25);
    assertThat(records.get(24).message()).isEqualTo("m24");
  }

  @Test
  void theDecoderInterfaceGivesTheCounts() throws IOException {
    DecoderEsBulk decoder = new DecoderEsBulk(IngestLimits.defaults(), new StreamCache());

    IngestResult result =
        decoder.decode(
            new ByteArrayInputStream(FILEBEAT_BODY.getBytes(UTF_8)), ES_DEFAULTS, records::addAll);

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(records).hasSize(2);
  }

  private BulkResult decode(String body, IngestParameters parameters, String defaultIndex) {
    return decode(body, parameters, defaultIndex, IngestLimits.defaults());
  }

  private BulkResult decode(
      String body, IngestParameters parameters, String defaultIndex, IngestLimits limits) {
    return decode(new DecoderEsBulk(limits, new StreamCache()), body, parameters, defaultIndex);
  }

  private BulkResult decode(
      DecoderEsBulk decoder, String body, IngestParameters parameters, String defaultIndex) {
    return decodeInto(decoder, body, parameters, defaultIndex, records::addAll);
  }

  private static BulkResult decodeInto(
      DecoderEsBulk decoder,
      String body,
      IngestParameters parameters,
      String defaultIndex,
      BatchSink sink) {
    try {
      return decoder.decodeBulk(
          new ByteArrayInputStream(body.getBytes(UTF_8)), parameters, defaultIndex, sink);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private static long nanos(String instant) {
    Instant parsed = Instant.parse(instant);
    return parsed.getEpochSecond() * 1_000_000_000L + parsed.getNano();
  }

  private static String fieldText(LogRecord record) {
    return record.fields().stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(", "));
  }
}
