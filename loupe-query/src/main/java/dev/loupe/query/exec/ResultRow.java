package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import java.util.List;

/**
 * One row of a search result.
 *
 * @param timeNanos {@code _time}, nanoseconds since the epoch
 * @param fields {@code _time} (RFC 3339), {@code _stream}, {@code _msg}, then every other field the
 *     row has, sorted by name (reserved ones such as {@code _stream_id} included)
 */
public record ResultRow(long timeNanos, List<Field> fields) {

  public ResultRow {
    requireNonNull(fields, "fields is null");
    fields = List.copyOf(fields);
  }

  /** The value of the named field, or null. */
  public String value(String name) {
    for (Field field : fields) {
      if (field.name().equals(name)) {
        return field.value();
      }
    }
    return null;
  }
}
