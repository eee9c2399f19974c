package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;

/**
 * A {@link TextPattern} applied to one field: the logic {@link FilterWord} and {@link FilterPhrase}
 * share. It knows where each field's value comes from: {@code _stream}, {@code _stream_id} and
 * {@code _tenant} are the same for every row of a block, so they are decided exactly from the block
 * header ({@link BlockVerdict#ALL_ROWS} or {@link BlockVerdict#NO_ROWS}); {@code _time} is
 * formatted from the row's timestamp; every other field is a column, checked against its bloom
 * filter and then per row.
 *
 * <p>A missing value never matches a non-empty needle; the empty needle ({@code field:""}) matches
 * exactly the rows whose value is missing or empty. Immutable and thread-safe.
 */
final class FieldText {
  private final String field;
  private final TextPattern pattern;

  FieldText(String field, String needle) {
    this.field = requireNonNull(field, "field is null");
    this.pattern = new TextPattern(requireNonNull(needle, "needle is null"));
    if (field.isEmpty()) {
      throw new IllegalArgumentException("field name is empty");
    }
  }

  BlockVerdict verdict(BlockRef block) {
    String constantValue = blockConstantValue(block.stream());
    if (constantValue != null) {
      return matchesValue(constantValue) ? BlockVerdict.ALL_ROWS : BlockVerdict.NO_ROWS;
    }
    if (field.equals(FieldNames.TIME)) {
      return BlockVerdict.SOME_ROWS;
    }
    if (pattern.isEmpty()) {
      return block.columnNames().contains(field) ? BlockVerdict.SOME_ROWS : BlockVerdict.ALL_ROWS;
    }
    long[] tokenHashes = pattern.tokenHashes();
    if (tokenHashes.length == 0) {
      // A needle without tokens ("->", "/") has nothing to look up; only a missing column helps.
      return block.columnNames().contains(field) ? BlockVerdict.SOME_ROWS : BlockVerdict.NO_ROWS;
    }
    for (long tokenHash : tokenHashes) {
      if (!block.mayContainToken(field, tokenHash)) {
        return BlockVerdict.NO_ROWS;
      }
    }
    return BlockVerdict.SOME_ROWS;
  }

  boolean matches(Block block, int row) {
    return matchesValue(value(block, row));
  }

  void collectColumns(Set<String> columns) {
    if (isColumn()) {
      columns.add(field);
    }
  }

  private boolean matchesValue(String value) {
    if (pattern.isEmpty()) {
      return value == null || value.isEmpty();
    }
    return value != null && pattern.matches(value);
  }

  private String value(Block block, int row) {
    return FieldAccess.value(field, block, row);
  }

  private String blockConstantValue(Stream stream) {
    return FieldAccess.blockConstantValue(field, stream);
  }

  private boolean isColumn() {
    return FieldAccess.isColumn(field);
  }
}
