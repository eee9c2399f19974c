package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Objects;
import java.util.Set;

/**
 * A quoted phrase, {@code "connection refused"} or {@code user.agent:"curl/8"}: the field contains
 * the phrase, ignoring case, starting and ending at token boundaries ({@code "connection refused"}
 * matches {@code "dial tcp: Connection refused (111)"}, not {@code "reconnection refused"}; see
 * {@link TextPattern} for why the boundaries). The empty phrase, {@code field:""}, matches rows
 * where the field is missing or empty.
 *
 * <p>Blocks are skipped when the field's bloom filter lacks any token of the phrase. Compares by
 * field and phrase. Immutable and thread-safe.
 */
public final class FilterPhrase implements Filter {
  private final String field;
  private final String phrase;
  private final FieldText fieldText;

  /**
   * @param field the field name ({@code _msg} for a phrase written without one)
   * @param phrase the text between the quotes, escapes resolved; may be empty
   */
  public FilterPhrase(String field, String phrase) {
    this.field = requireNonNull(field, "field is null");
    this.phrase = requireNonNull(phrase, "phrase is null");
    this.fieldText = new FieldText(field, phrase);
  }

  public String field() {
    return field;
  }

  public String phrase() {
    return phrase;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    return fieldText.verdict(block);
  }

  @Override
  public boolean matches(Block block, int row) {
    return fieldText.matches(block, row);
  }

  @Override
  public void collectColumns(Set<String> columns) {
    fieldText.collectColumns(columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterPhrase that
        && field.equals(that.field)
        && phrase.equals(that.phrase);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, phrase);
  }

  @Override
  public String toString() {
    return "FilterPhrase[field=" + field + ", phrase=" + phrase + "]";
  }
}
