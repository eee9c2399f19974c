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
        decode("first\r\n\nthird line\n  \nfifth", DEFAULTS, IngestLimits.defaults());

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
