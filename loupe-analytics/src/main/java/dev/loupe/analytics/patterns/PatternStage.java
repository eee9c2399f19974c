package dev.loupe.analytics.patterns;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.ingest.IngestStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest stage that gives every record the id of its pattern, as the field {@code _pattern}
 * ({@link FieldNames#PATTERN}), mining it in the {@link PatternRegistry}. A {@code _pattern} the
 * record already carries (a client's, which decoders drop already) is replaced, so the stored value
 * is always the miner's. Thread-safe: called by every ingest thread at once.
 */
public final class PatternStage implements IngestStage {
  private final PatternRegistry registry;

  public PatternStage(PatternRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public List<LogRecord> process(List<LogRecord> batch) {
    List<LogRecord> processed = new ArrayList<>(batch.size());
    for (LogRecord record : batch) {
      String id = registry.observe(record.stream().tenant(), record.message(), record.timeNanos());
      processed.add(
          new LogRecord(
              record.stream(), record.timeNanos(), record.message(), withPattern(record, id)));
    }
    return processed;
  }

  private static List<Field> withPattern(LogRecord record, String id) {
    List<Field> fields = new ArrayList<>(record.fields().size() + 1);
    for (Field field : record.fields()) {
      if (!field.name().equals(FieldNames.PATTERN)) {
        fields.add(field);
      }
    }
    fields.add(new Field(FieldNames.PATTERN, id));
    return fields;
  }
}
