package dev.loupe.query.filter;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.storage.Block;
import java.util.Set;

/**
 * Where the value of a field comes from, shared by every filter on a field: {@code _stream}, {@code
 * _stream_id} and {@code _tenant} are the same for every row of a block (so a filter on them is
 * decided exactly from the block header), {@code _time} is formatted from the row's timestamp, and
 * every other field is a column. Stateless.
 */
public final class FieldAccess {
  private FieldAccess() {}

  /** The value every row of a block of {@code stream} has, or null when it is per row. */
  static String blockConstantValue(String field, Stream stream) {
    return switch (field) {
      case FieldNames.STREAM -> stream.canonicalLabels();
      case FieldNames.STREAM_ID -> stream.id().toHex();
      case FieldNames.TENANT -> stream.tenant();
      default -> null;
    };
  }

  /** The value of {@code field} in {@code row}, or null when the row has none. */
  public static String value(String field, Block block, int row) {
    return switch (field) {
      case FieldNames.STREAM -> block.ref().stream().canonicalLabels();
      case FieldNames.STREAM_ID -> block.ref().stream().id().toHex();
      case FieldNames.TENANT -> block.ref().stream().tenant();
      case FieldNames.TIME -> Timestamps.format(block.timeNanos(row));
      default -> block.value(field, row);
    };
  }

  /** True when the field is a stored column, which a block may lack and a read must name. */
  public static boolean isColumn(String field) {
    return switch (field) {
      case FieldNames.STREAM, FieldNames.STREAM_ID, FieldNames.TENANT, FieldNames.TIME -> false;
      default -> true;
    };
  }

  static void collectColumn(String field, Set<String> columns) {
    if (isColumn(field)) {
      columns.add(field);
    }
  }

  static void requireFieldName(String field) {
    if (field.isEmpty()) {
      throw new IllegalArgumentException("field name is empty");
    }
  }
}
