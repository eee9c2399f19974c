package dev.loupe.ingest;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets the {@code level} field of every record to one of {@link Levels}' six names, whatever the
 * source called it, so that {@code level:error} and charts by level work the same for JSON, logfmt,
 * syslog, OTLP and the rest.
 *
 * <p>Where the level comes from: the first of {@link #SOURCE_FIELDS} ({@code level}, {@code
 * severity}, {@code lvl}, {@code loglevel}, {@code log.level}, in that order of preference) whose
 * value {@link Levels#normalise} knows. Then:
 *
 * <ul>
 *   <li>From {@code level} itself: its value is replaced by the normalised name. When the original
 *       differs from it by more than case and surrounding spaces ({@code E}, {@code warning},
 *       {@code 50}, {@code crit}), the original is kept in {@code level_raw}, right after {@code
 *       level}; {@code ERROR} becoming {@code error} keeps nothing, as there is nothing to keep.
 *   <li>From another field ({@code severity=warning}): {@code level} is added with the normalised
 *       name and the source field stays as it is. A {@code level} field whose value is not a level
 *       ({@code level=loud}) is then replaced, its value kept in {@code level_raw}.
 *   <li>No field holds a known level: the record is passed on unchanged. Nothing is guessed from
 *       the message.
 * </ul>
 *
 * <p>A record that already has a {@code level_raw} field keeps it, and no second one is added. Only
 * the first field of each name is considered (JSON allows duplicate names).
 *
 * <p>Design note: this runs on every record of every source before the WAL, so the common case, a
 * record whose {@code level} is already normalised (the decoders of access logs and syslog write it
 * so, and most JSON loggers write lower case), costs one pass over the field names and no
 * allocation; the batch list is copied only when a record changes. Stateless and thread-safe.
 */
public final class StageLevels implements IngestStage {
  /** Where a level may be, best first. */
  public static final List<String> SOURCE_FIELDS =
      List.of(Levels.FIELD, "severity", "lvl", "loglevel", "log.level");

  /** Keeps an original level value that normalising changed beyond case. */
  public static final String RAW_FIELD = "level_raw";

  @Override
  public List<LogRecord> process(List<LogRecord> batch) {
    List<LogRecord> changed = null;
    for (int index = 0; index < batch.size(); index++) {
      LogRecord record = batch.get(index);
      LogRecord normalised = normalise(record);
      if (normalised == record) {
        continue;
      }
      if (changed == null) {
        changed = new ArrayList<>(batch);
      }
      changed.set(index, normalised);
    }
    return changed == null ? batch : changed;
  }

  /** The record with its level normalised, or the same record when nothing changes. */
  static LogRecord normalise(LogRecord record) {
    List<Field> fields = record.fields();
    int levelIndex = -1;
    int sourceIndex = -1;
    int sourcePreference = Integer.MAX_VALUE;
    String level = null;
    boolean hasRawField = false;
    int namesSeen = 0;
    for (int index = 0; index < fields.size(); index++) {
      String name = fields.get(index).name();
      int preference = preferenceOf(name);
      if (preference < 0) {
        hasRawField |= name.equals(RAW_FIELD);
        continue;
      }
      int nameBit = 1 << preference;
      if ((namesSeen & nameBit) != 0) {
        continue;
      }
      namesSeen |= nameBit;
      if (preference == 0) {
        levelIndex = index;
      }
      if (preference >= sourcePreference) {
        continue;
      }
      String value = fields.get(index).value();
      String known = isNormalised(value) ? value : Levels.normalise(value);
      if (known != null) {
        sourcePreference = preference;
        sourceIndex = index;
        level = known;
      }
    }
    if (level == null) {
      return record;
    }
    if (sourceIndex == levelIndex) {
      return fromLevelField(record, levelIndex, level, hasRawField);
    }
    return fromOtherField(record, levelIndex, level, hasRawField);
  }

  private static LogRecord fromLevelField(
      LogRecord record, int levelIndex, String level, boolean hasRawField) {
    String original = record.fields().get(levelIndex).value();
    if (original.equals(level)) {
      return record;
    }
    boolean keepRaw = !hasRawField && !original.strip().equalsIgnoreCase(level);
    return withLevel(record, levelIndex, level, keepRaw ? original : null);
  }

  private static LogRecord fromOtherField(
      LogRecord record, int levelIndex, String level, boolean hasRawField) {
    if (levelIndex < 0) {
      List<Field> fields = new ArrayList<>(record.fields().size() + 1);
      fields.addAll(record.fields());
      fields.add(new Field(Levels.FIELD, level));
      return new LogRecord(record.stream(), record.timeNanos(), record.message(), fields);
    }
    String original = record.fields().get(levelIndex).value();
    return withLevel(record, levelIndex, level, hasRawField ? null : original);
  }

  /** The record with field levelIndex set to level, and raw (unless null) right after it. */
  private static LogRecord withLevel(LogRecord record, int levelIndex, String level, String raw) {
    List<Field> fields = new ArrayList<>(record.fields().size() + 1);
    fields.addAll(record.fields());
    fields.set(levelIndex, new Field(Levels.FIELD, level));
    if (raw != null) {
      fields.add(levelIndex + 1, new Field(RAW_FIELD, raw));
    }
    return new LogRecord(record.stream(), record.timeNanos(), record.message(), fields);
  }

  /** The index of the name in {@link #SOURCE_FIELDS}, or -1; a switch, not a list scan. */
  private static int preferenceOf(String name) {
    return switch (name) {
      case Levels.FIELD -> 0;
      case "severity" -> 1;
      case "lvl" -> 2;
      case "loglevel" -> 3;
      case "log.level" -> 4;
      default -> -1;
    };
  }

  private static boolean isNormalised(String value) {
    return switch (value) {
      case Levels.FATAL, Levels.ERROR, Levels.WARN, Levels.INFO, Levels.DEBUG, Levels.TRACE -> true;
      default -> false;
    };
  }
}
