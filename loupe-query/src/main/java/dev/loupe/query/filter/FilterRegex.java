package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression, {@code ~"timeout after \d+ms"} or {@code path:~"^/api/v[12]/"}: {@link
 * java.util.regex} syntax, <em>find</em> semantics (the pattern may match anywhere in the value;
 * anchor it with {@code ^} and {@code $}), case-sensitive unless the pattern says {@code (?i)}. A
 * row without the field is treated as having the empty value, as {@code field:""} does, so {@code
 * field:~"^$"} matches rows where it is missing or empty.
 *
 * <p>The pattern is compiled once, here. Block skipping: none from bloom filters (extracting the
 * literal tokens a regex requires is a later optimization); a block without the field is decided by
 * whether the pattern matches the empty value, and filters on {@code _stream}, {@code _stream_id}
 * and {@code _tenant} are decided from the header. Each thread reuses one {@link Matcher}, so a row
 * costs no allocation. Compares by field and pattern text. Immutable and thread-safe.
 */
public final class FilterRegex implements Filter {
  private final String field;
  private final String regex;
  private final Pattern pattern;
  private final boolean matchesEmpty;
  private final ThreadLocal<Matcher> matchers;

  /**
   * @param field the field name ({@code _msg} for a regex written without one)
   * @param regex the pattern, {@link java.util.regex.Pattern} syntax
   * @throws java.util.regex.PatternSyntaxException when the pattern does not compile
   */
  public FilterRegex(String field, String regex) {
    this.field = requireNonNull(field, "field is null");
    this.regex = requireNonNull(regex, "regex is null");
    FieldAccess.requireFieldName(field);
    this.pattern = Pattern.compile(regex);
    this.matchesEmpty = pattern.matcher("").find();
    this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
  }

  public String field() {
    return field;
  }

  public String regex() {
    return regex;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    BlockVerdict header =
        FieldAccess.headerVerdict(
            field,
            block,
            this::matchesValue,
            BlockVerdict.SOME_ROWS,
            matchesEmpty ? BlockVerdict.ALL_ROWS : BlockVerdict.NO_ROWS);
    return header != null ? header : BlockVerdict.SOME_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    return matchesValue(FieldAccess.value(field, block, row));
  }

  private boolean matchesValue(String value) {
    if (value == null || value.isEmpty()) {
      return matchesEmpty;
    }
    return matchers.get().reset(value).find();
  }

  @Override
  public void collectColumns(Set<String> columns) {
    FieldAccess.collectColumn(field, columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterRegex that
        && field.equals(that.field)
        && regex.equals(that.regex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, regex);
  }

  @Override
  public String toString() {
    return "FilterRegex[field=" + field + ", regex=" + regex + "]";
  }
}
