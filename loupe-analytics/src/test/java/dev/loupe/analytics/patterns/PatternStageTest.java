package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternStageTest {
  private final PatternRegistry registry =
      PatternRegistry.inMemory(PatternConfig.defaults(), InstantSource.fixed(Instant.EPOCH));
  private final PatternStage stage = new PatternStage(registry);

  @Test
  void setsThePatternIdOnEveryRecordAndKeepsTheRest() {
    Stream stream = Stream.of("default", Map.of("service", "auth"));
    List<LogRecord> batch =
        List.of(
            new LogRecord(stream, 1, "user alice logged in", List.of(new Field("level", "info"))),
            new LogRecord(stream, 2, "user bob logged in", List.of()),
            new LogRecord(stream, 3, "", List.of()));

    List<LogRecord> processed = stage.process(batch);

    assertThat(processed).hasSize(3);
    String id = processed.get(0).field(FieldNames.PATTERN);
    assertThat(id).matches("p[0-9a-f]{12}");
    assertThat(processed.get(1).field(FieldNames.PATTERN)).isEqualTo(id);
    assertThat(processed.get(2).field(FieldNames.PATTERN)).isNotNull().isNotEqualTo(id);
    assertThat(processed.get(0).fields())
        .containsExactly(new Field("level", "info"), new Field(FieldNames.PATTERN, id));
    assertThat(processed.get(0).message()).isEqualTo("user alice logged in");
    assertThat(processed.get(0).timeNanos()).isEqualTo(1);
    assertThat(registry.template(id)).isEqualTo("user <*> logged in");
  }

  @Test
  void replacesAPatternTheRecordClaims() {
    Stream stream = Stream.of("default", Map.of());
    LogRecord spoofed =
        new LogRecord(
            stream, 1, "disk full", List.of(new Field(FieldNames.PATTERN, "p000000000000")));

    LogRecord processed = stage.process(List.of(spoofed)).getFirst();

    assertThat(processed.fields()).hasSize(1);
    assertThat(processed.field(FieldNames.PATTERN))
        .isNotEqualTo("p000000000000")
        .matches("p[0-9a-f]{12}");
  }

  @Test
  void patternsAreKeptPerTenant() {
    LogRecord a = new LogRecord(Stream.of("a", Map.of()), 1, "job done", List.of());
    LogRecord b = new LogRecord(Stream.of("b", Map.of()), 1, "job done", List.of());

    List<LogRecord> processed = stage.process(List.of(a, b));

    assertThat(processed.get(0).field(FieldNames.PATTERN))
        .isNotEqualTo(processed.get(1).field(FieldNames.PATTERN));
  }
}
