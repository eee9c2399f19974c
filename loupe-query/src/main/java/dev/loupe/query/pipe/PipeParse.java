package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

/**
 * {@code | parse "took <ms>ms status=<status>" [from field]}: extracts fields from {@code from}
 * ({@code _msg} by default) by a pattern of literal text and {@code <field>} placeholders ({@code
 * <_>} skips text), as LogsQL's {@code extract} does; see {@link Extraction#ofPattern} for how text
 * is matched. A row the pattern does not fit is passed on unchanged.
 *
 * <p>Design note. The pattern is compiled to a regex (quoted literals, lazy groups), which gives
 * the backtracking a hand-written matcher would need when a literal occurs inside a value, at the
 * cost of the regex engine's speed; this pipe runs on result rows, not in the block scan.
 *
 * @param pattern the pattern as written, with at least one named placeholder
 * @param from the field to parse
 */
public record PipeParse(String pattern, String from) implements Pipe {

  public PipeParse {
    requireNonNull(pattern, "pattern is null");
    requireNonNull(from, "from is null");
    Extraction.ofPattern(pattern);
  }

  /** The compiled pattern; compile once per query. */
  public Extraction extraction() {
    return Extraction.ofPattern(pattern);
  }
}
