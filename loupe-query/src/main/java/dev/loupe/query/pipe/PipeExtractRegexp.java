package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

/**
 * {@code | extract_regexp "(?P<ms>[0-9]+)ms" [from field]}: the named groups of the first match of
 * the regex in {@code from} ({@code _msg} by default) become fields of the row, replacing fields of
 * the same name; a row without a match is passed on unchanged. Groups are written {@code
 * (?<name>...)} or, as in Go and Python, {@code (?P<name>...)}; names may be any field name.
 *
 * @param regex the regex as written, with at least one named group
 * @param from the field to match
 */
public record PipeExtractRegexp(String regex, String from) implements Pipe {

  public PipeExtractRegexp {
    requireNonNull(regex, "regex is null");
    requireNonNull(from, "from is null");
    Extraction.ofRegex(regex);
  }

  /** The compiled regex; compile once per query. */
  public Extraction extraction() {
    return Extraction.ofRegex(regex);
  }
}
