package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StageLevelsTest {
  private static final Stream STREAM = Stream.of("default", Map.of());

  /** Fields written as "name=value, name=value"; the expected fields after the stage likewise. */
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // already normalised, or nothing to normalise: unchanged
        "level=info, service=api                | level=info, service=api",
        "service=api                            | service=api",
        "level=loud                             | level=loud",
        "severity=loud                          | severity=loud",
        // from level itself: case only, nothing kept
        "level=ERROR, service=api               | level=error, service=api",
        "level= Warn                            | level=warn",
        // from level itself: a different spelling is kept in level_raw, right after level
        "level=E, service=api                   | level=error, level_raw=E, service=api",
        "level=warning                          | level=warn, level_raw=warning",
        "level=50                               | level=error, level_raw=50",
        "level=crit                             | level=fatal, level_raw=crit",
        // from another field: level added, the source stays
        "severity=WARNING, service=api          | severity=WARNING, service=api, level=warn",
        "lvl=dbg                                | lvl=dbg, level=debug",
        "loglevel=TRACE                         | loglevel=TRACE, level=trace",
        "log.level=err                          | log.level=err, level=error",
        "severity=3                             | severity=3, level=error",
        // preference: level, severity, lvl, loglevel, log.level
        "lvl=debug, severity=error              | lvl=debug, severity=error, level=error",
        "severity=loud, lvl=info                | severity=loud, lvl=info, level=info",
        // a level that is not one is replaced by a known one from elsewhere, and kept
        "level=loud, severity=error             | level=error, level_raw=loud, severity=error",
        // an existing level_raw is never doubled
        "level=E, level_raw=mine                | level=error, level_raw=mine",
        // only the first field of a name counts
        "level=loud, level=error                | level=loud, level=error",
        "level=INFO, level=error                | level=info, level=error",
      })
  void normalisesTheLevel(String before, String after) {
    LogRecord record = record(before);

    LogRecord result = StageLevels.normalise(record);

    assertThat(text(result.fields())).isEqualTo(after);
    if (before.equals(after)) {
      assertThat(result).isSameAs(record);
    }
    assertThat(result.message()).isEqualTo(record.message());
    assertThat(result.timeNanos()).isEqualTo(record.timeNanos());
    assertThat(result.stream()).isEqualTo(record.stream());
  }

  @org.junit.jupiter.api.Test
  void aBatchWithNothingToChangeIsHandedOnAsIsAndOthersAreCopied() {
    List<LogRecord> unchanged = List.of(record("level=info"), record("service=api"));
    assertThat(new StageLevels().process(unchanged)).isSameAs(unchanged);

    List<LogRecord> mixed = List.of(record("level=info"), record("level=ERROR"));
    List<LogRecord> processed = new StageLevels().process(mixed);

    assertThat(processed).isNotSameAs(mixed);
    assertThat(processed.get(0)).isSameAs(mixed.get(0));
    assertThat(processed.get(1).field("level")).isEqualTo("error");
    assertThat(mixed.get(1).field("level")).isEqualTo("ERROR");
  }

  @org.junit.jupiter.api.Test
  void runsInThePipelineBeforeTheStore() {
    List<List<LogRecord>> stored = new ArrayList<>();
    IngestPipeline pipeline = new IngestPipeline(List.of(new StageLevels()), stored::add);

    pipeline.accept(List.of(record("severity=Warning")));

    assertThat(stored.getFirst().getFirst().field("level")).isEqualTo("warn");
  }

  private static LogRecord record(String fieldText) {
    List<Field> fields = new ArrayList<>();
    for (String pair : fieldText.split(",")) {
      String[] nameAndValue = pair.strip().split("=", 2);
      fields.add(new Field(nameAndValue[0], nameAndValue[1]));
    }
    return new LogRecord(STREAM, 42, "message", fields);
  }

  private static String text(List<Field> fields) {
    return fields.stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(", "));
  }
}
