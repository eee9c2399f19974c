package dev.loupe.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One log line as Loupe stores it.
 *
 * @param stream where it came from (tenant, labels, id)
 * @param timeNanos nanoseconds since the epoch: from the record, else the receive time
 * @param message the {@code _msg} text, possibly empty
 * @param fields the other fields, flattened with dotted names, in arrival order; no name starts
 *     with {@code _} except those the pipeline sets
 */
public record LogRecord(Stream stream, long timeNanos, String message, List<Field> fields) {
  public LogRecord {
    requireNonNull(stream, "stream is null");
    requireNonNull(message, "message is null");
    fields = List.copyOf(fields);
  }

  /** The value of the named field, or null. Linear: records have few fields. */
  public String field(String name) {
    for (Field field : fields) {
      if (field.name().equals(name)) {
        return field.value();
      }
    }
    return null;
  }
}
