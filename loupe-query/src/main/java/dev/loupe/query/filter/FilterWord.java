package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Objects;
import java.util.Set;

/**
 * A bare word, {@code error} or {@code level:error}: the field holds the word as a whole token,
 * ignoring case ({@code error} matches {@code "Error: x"}, not {@code "errors"}). A bare word that
 * holds non-token characters, such as {@code path:/health} or {@code 10.0.0.1}, must appear with
 * token boundaries at its ends, exactly as a phrase does (see {@link TextPattern}).
 *
 * <p>Blocks are skipped when the field's bloom filter lacks any token of the word. Compares by
 * field and word. Immutable and thread-safe.
 */
public final class FilterWord implements Filter {
  private final String field;
  private final String word;
  private final FieldText fieldText;

  /**
   * @param field the field name ({@code _msg} for a word written without one)
   * @param word the word, non-empty, as the query wrote it (the parser never gives a word that
   *     needs quotes; a quoted one is a {@link FilterPhrase})
   */
  public FilterWord(String field, String word) {
    this.field = requireNonNull(field, "field is null");
    this.word = requireNonNull(word, "word is null");
    if (word.isEmpty()) {
      throw new IllegalArgumentException("word is empty: the empty text is a phrase, \"\"");
    }
    this.fieldText = new FieldText(field, word);
  }

  public String field() {
    return field;
  }

  public String word() {
    return word;
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
    return other instanceof FilterWord that && field.equals(that.field) && word.equals(that.word);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, word);
  }

  @Override
  public String toString() {
    return "FilterWord[field=" + field + ", word=" + word + "]";
  }
}
