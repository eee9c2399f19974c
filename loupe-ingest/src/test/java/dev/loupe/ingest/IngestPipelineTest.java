package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {
  private static final Stream STREAM = Stream.of("default", Map.of("service", "api"));

  @Test
  void stagesRunInOrderThenTheStoreGetsTheirOutput() {
    List<List<LogRecord>> stored = new ArrayList<>();
    IngestStage tagA = batch -> withField(batch, "a");
    IngestStage tagB = batch -> withField(batch, "b");
    IngestPipeline pipeline = new IngestPipeline(List.of(tagA, tagB), stored::add);

    pipeline.accept(List.of(new LogRecord(STREAM, 1, "hello", List.of())));

    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get(0).fields())
        .extracting(Field::name)
        .containsExactly("step", "step");
    assertThat(stored.get(0).get(0).fields()).extracting(Field::value).containsExactly("a", "b");
  }

  @Test
  void emptyBatchesNeverReachTheStore() {
    List<List<LogRecord>> stored = new ArrayList<>();
    new IngestPipeline(List.of(), stored::add).accept(List.of());
    assertThat(stored).isEmpty();
  }

  @Test
  void aStoreFailureReachesTheCaller() {
    IngestPipeline pipeline =
        new IngestPipeline(
            List.of(),
            batch -> {
              throw new IllegalStateException("disk full");
            });
    assertThatThrownBy(() -> pipeline.accept(List.of(new LogRecord(STREAM, 1, "x", List.of()))))
        .hasMessage("disk full");
  }

  private static List<LogRecord> withField(List<LogRecord> batch, String value) {
    List<LogRecord> out = new ArrayList<>();
    for (LogRecord record : batch) {
      List<Field> fields = new ArrayList<>(record.fields());
      fields.add(new Field("step", value));
      out.add(new LogRecord(record.stream(), record.timeNanos(), record.message(), fields));
    }
    return out;
  }
}
