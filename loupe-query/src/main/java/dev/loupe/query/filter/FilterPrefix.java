package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Objects;
import java.util.Set;

/**
 * A prefix, {@code err*} or {@code level:warn*}: the field holds a token that starts with the
 * prefix, ignoring case ({@code err*} matches {@code "Error: x"} and {@code "errors"}, not {@code
 * "terror"}). A prefix with non-token characters, {@code "GET /api/"*}, must appear where a token
 * boundary is before its first character, like a word, but may go on after its end.
 *
 * <p>Block skipping. The bloom filters hold whole tokens, and the last token of the prefix is
 * usually only the start of one, so a single-token prefix ({@code err*}) cannot use them: only a
 * block without the field is skipped. The tokens before the last one are whole tokens of every
 * match ({@code "GET /api/v"*} needs {@code get} and {@code api}), and a block whose bloom filter
 * lacks one of them is skipped. Compares by field and prefix. Immutable and thread-safe.
 */
public final class FilterPrefix implements Filter {
  private final String field;
  private final String prefix;
  private final TextPattern pattern;

  /**
   * @param field the field name ({@code _msg} for a prefix written without one)
   * @param prefix the text before the {@code *}, non-empty
   */
  public FilterPrefix(String field, String prefix) {
    this.field = requireNonNull(field, "field is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
    FieldAccess.requireFieldName(field);
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix is empty: 'field:*' is FilterExists");
    }
    this.pattern = new TextPattern(prefix, true);
  }

  public String field() {
    return field;
  }

  public String prefix() {
    return prefix;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    BlockVerdict header =
        FieldAccess.headerVerdict(
            field, block, pattern::matches, BlockVerdict.SOME_ROWS, BlockVerdict.NO_ROWS);
    if (header != null) {
      return header;
    }
    for (long tokenHash : pattern.tokenHashes()) {
      if (!block.mayContainToken(field, tokenHash)) {
        return BlockVerdict.NO_ROWS;
      }
    }
    return BlockVerdict.SOME_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    String value = FieldAccess.value(field, block, row);
    return value != null && pattern.matches(value);
  }

  @Override
  public void collectColumns(Set<String> columns) {
    FieldAccess.collectColumn(field, columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterPrefix that
        && field.equals(that.field)
        && prefix.equals(that.prefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, prefix);
  }

  @Override
  public String toString() {
    return "FilterPrefix[field=" + field + ", prefix=" + prefix + "]";
  }
}
