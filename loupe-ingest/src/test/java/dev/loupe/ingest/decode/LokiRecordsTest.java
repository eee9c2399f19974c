package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LokiRecordsTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;

  private final List<LogRecord> stored = new ArrayList<>();
  private final RecordCollector collector = new RecordCollector(stored::addAll, 10, 100, 1 << 20);
  private final LokiRecords records =
      new LokiRecords(
          IngestParameters.defaults(RECEIVED).withTenant("acme"),
          IngestLimits.defaults(),
          new StreamCache(),
          collector);

  @Test
  void entriesOfAStreamShareItsLabelsAsStreamAndFields() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("job", "app");
    labels.put("host", "web-1");
    records.startStream(labels);

    records.accept(records.nextEntry(), "streams[0].values[0]", 0, "a", 1, List.of());
    records.accept(
        records.nextEntry(), "streams[0].values[1]", 5, "b", 1, List.of(new Field("k", "v")));
    IngestResult result = collector.finish();

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(stored.getFirst().timeNanos()).isEqualTo(RECEIVED);
    assertThat(stored.getFirst().stream().tenant()).isEqualTo("acme");
    assertThat(stored.getFirst().stream().canonicalLabels())
        .isEqualTo("{host=\"web-1\",job=\"app\"}");
    assertThat(stored.get(1).fields())
        .containsExactly(new Field("job", "app"), new Field("host", "web-1"), new Field("k", "v"));
    assertThat(stored.get(1).timeNanos()).isEqualTo(5);
  }

  @Test
  void aRejectedStreamRejectsEachOfItsEntriesUntilTheNextStream() {
    records.rejectStream("labels unreadable");
    records.accept(records.nextEntry(), "streams[0].entries[0]", 1, "x", 1, List.of());
    records.startStream(Map.of("job", "b"));
    records.accept(records.nextEntry(), "streams[1].entries[0]", 1, "y", 1, List.of());
    IngestResult result = collector.finish();

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.firstErrors().getFirst().reason())
        .isEqualTo("streams[0].entries[0]: labels unreadable");
    assertThat(stored).extracting(LogRecord::message).containsExactly("y");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ascii", "é", "日本語", "💥 mixed é", "\uD800 lone surrogate"})
  void utf8LengthIsTheEncodedLength(String text) {
    int expected = text.getBytes(StandardCharsets.UTF_8).length;
    int counted = LokiRecords.utf8Length(text);

    // A lone surrogate encodes as one '?' byte; counting three overestimates, never under.
    assertThat(counted).isGreaterThanOrEqualTo(expected);
    if (!text.contains("\uD800")) {
      assertThat(counted).isEqualTo(expected);
    }
  }
}
