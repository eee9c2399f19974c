package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Tokens;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Objects;
import java.util.Set;

/**
 * The whole value equals a text, case-sensitive: {@code level:="ERROR"} matches {@code ERROR} but
 * not {@code error} nor {@code ERROR: disk}. {@code field:=""} matches rows where the field is
 * missing or empty.
 *
 * <p>Block skipping: a value equal to the text has exactly its tokens, so a block whose bloom
 * filter for the field lacks any of them is skipped (the bloom filter ignores case, which only
 * makes it keep more blocks, never fewer), and so is a block without the field when the text is not
 * empty. Compares by field and value. Immutable and thread-safe.
 */
public final class FilterExact implements Filter {
  private final String field;
  private final String value;
  private final long[] tokenHashes;

  /**
   * @param field the field name
   * @param value the whole value to equal; may be empty
   */
  public FilterExact(String field, String value) {
    this.field = requireNonNull(field, "field is null");
    this.value = requireNonNull(value, "value is null");
    FieldAccess.requireFieldName(field);
    this.tokenHashes = Tokens.split(value).stream().mapToLong(Tokens::hash).distinct().toArray();
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    BlockVerdict header =
        FieldAccess.headerVerdict(
            field,
            block,
            this::matchesValue,
            BlockVerdict.SOME_ROWS,
            value.isEmpty() ? BlockVerdict.ALL_ROWS : BlockVerdict.NO_ROWS);
    if (header != null) {
      return header;
    }
    for (long tokenHash : tokenHashes) {
      if (!block.mayContainToken(field, tokenHash)) {
        return BlockVerdict.NO_ROWS;
      }
    }
    return BlockVerdict.SOME_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    return matchesValue(FieldAccess.value(field, block, row));
  }

  private boolean matchesValue(String rowValue) {
    if (rowValue == null) {
      return value.isEmpty();
    }
    return value.equals(rowValue);
  }

  @Override
  public void collectColumns(Set<String> columns) {
    FieldAccess.collectColumn(field, columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterExact that
        && field.equals(that.field)
        && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, value);
  }

  @Override
  public String toString() {
    return "FilterExact[field=" + field + ", value=" + value + "]";
  }
}
