package dev.loupe.query.filter;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;
import java.util.function.Predicate;

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

  /**
   * What a block's header alone says about a filter on {@code field}, the part every field filter
   * shares: a header-constant field ({@code _stream}, {@code _stream_id}, {@code _tenant}) is
   * decided by {@code matchesValue}; {@code _time} gives {@code onTime}; a column the block lacks
   * gives {@code onMissingColumn}. Null when the column is there and the filter must look further
   * (bloom tokens, integer range, or the rows).
   */
  static BlockVerdict headerVerdict(
      String field,
      BlockRef block,
      Predicate<String> matchesValue,
      BlockVerdict onTime,
      BlockVerdict onMissingColumn) {
    String constantValue = blockConstantValue(field, block.stream());
    if (constantValue != null) {
      return matchesValue.test(constantValue) ? BlockVerdict.ALL_ROWS : BlockVerdict.NO_ROWS;
    }
    if (field.equals(FieldNames.TIME)) {
      return onTime;
    }
    if (!block.columnNames().contains(field)) {
      return onMissingColumn;
    }
    return null;
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
