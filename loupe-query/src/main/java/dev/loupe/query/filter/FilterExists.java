package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.FieldNames;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;

/**
 * The row has a non-empty value for the field: {@code trace_id:*}. Negated, {@code -trace_id:*}, it
 * matches rows where the field is missing or empty.
 *
 * <p>Block skipping: a block without the column holds no match ({@link BlockVerdict#NO_ROWS}). A
 * block with it may still have rows without a value, so it is {@link BlockVerdict#SOME_ROWS}: the
 * header does not count values. {@code _time} always exists; {@code _stream}, {@code _stream_id}
 * and {@code _tenant} are decided from the header.
 *
 * @param field the field name
 */
public record FilterExists(String field) implements Filter {

  public FilterExists {
    requireNonNull(field, "field is null");
    FieldAccess.requireFieldName(field);
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    String constantValue = FieldAccess.blockConstantValue(field, block.stream());
    if (constantValue != null) {
      return constantValue.isEmpty() ? BlockVerdict.NO_ROWS : BlockVerdict.ALL_ROWS;
    }
    if (field.equals(FieldNames.TIME)) {
      return BlockVerdict.ALL_ROWS;
    }
    return block.columnNames().contains(field) ? BlockVerdict.SOME_ROWS : BlockVerdict.NO_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    String value = FieldAccess.value(field, block, row);
    return value != null && !value.isEmpty();
  }

  @Override
  public void collectColumns(Set<String> columns) {
    FieldAccess.collectColumn(field, columns);
  }
}
