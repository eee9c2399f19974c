package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link MultilineJoiner} tells where an event starts. One of three modes:
 *
 * <ul>
 *   <li>{@link Mode#AUTO} (the default): a line continues the event before it when it starts with a
 *       space or a tab, or has one of the known continuation forms of Java, Python and Go stack
 *       traces ({@code Caused by:}, the last line of a Python traceback, the frames of a goroutine
 *       dump, ...); see {@link MultilineJoiner} for the full list.
 *   <li>{@link Mode#START_PATTERN}: a line starts an event when a regular expression is found in it
 *       (the first {@link Limits#MULTILINE_PATTERN_PREFIX_CHARS} characters); every other line
 *       continues the event before it. For logs whose events all begin with a timestamp, {@code
 *       ^\d{4}-\d{2}-\d{2}} joins everything else, whatever its form.
 *   <li>{@link Mode#OFF}: every line is an event.
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #toString()} gives the text {@link #parse} reads back.
 */
public final class MultilineRule {
  /** The modes; see the class comment. */
  public enum Mode {
    AUTO,
    START_PATTERN,
    OFF
  }

  /** Continuations by indentation and the known stack trace forms. */
  public static final MultilineRule AUTO = new MultilineRule(Mode.AUTO, null);

  /** No joining: every line is an event. */
  public static final MultilineRule OFF = new MultilineRule(Mode.OFF, null);

  private final Mode mode;
  private final Pattern startPattern;

  private MultilineRule(Mode mode, Pattern startPattern) {
    this.mode = mode;
    this.startPattern = startPattern;
  }

  /**
   * Events start at lines in which {@code regex} (Java syntax) is found.
   *
   * @throws LoupeException BAD_REQUEST when the pattern is empty, longer than {@link
   *     Limits#MAX_MULTILINE_PATTERN_CHARS} or not a valid regular expression
   */
  public static MultilineRule startPattern(String regex) {
    requireNonNull(regex, "regex is null");
    if (regex.isEmpty()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "empty start-of-event pattern: give a regular expression such as ^\\d{4}-\\d{2}-\\d{2}");
    }
    if (regex.length() > Limits.MAX_MULTILINE_PATTERN_CHARS) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "start-of-event pattern is longer than "
              + Limits.MAX_MULTILINE_PATTERN_CHARS
              + " characters; a pattern for the first characters of a line is enough");
    }
    try {
      return new MultilineRule(Mode.START_PATTERN, Pattern.compile(regex));
    } catch (PatternSyntaxException invalid) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "invalid start-of-event pattern at character "
              + Math.max(invalid.getIndex(), 0)
              + ": "
              + invalid.getDescription()
              + "; use Java regular expression syntax, such as ^\\d{4}-\\d{2}-\\d{2}",
          invalid);
    }
  }

  /**
   * Reads the text form: {@code auto}, {@code off}, or {@code start:} followed by a pattern.
   *
   * @throws LoupeException BAD_REQUEST for anything else
   */
  public static MultilineRule parse(String text) {
    requireNonNull(text, "text is null");
    if (text.startsWith(START_PREFIX)) {
      return startPattern(text.substring(START_PREFIX.length()));
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "off" -> OFF;
      default ->
          throw new LoupeException(
              ErrorCode.BAD_REQUEST,
              "unknown multi-line mode \""
                  + text
                  + "\": use auto (join stack traces and indented lines) or off");
    };
  }

  private static final String START_PREFIX = "start:";

  public Mode mode() {
    return mode;
  }

  /** The start-of-event pattern; null unless the mode is {@link Mode#START_PATTERN}. */
  public Pattern startPattern() {
    return startPattern;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MultilineRule that && toString().equals(that.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return switch (mode) {
      case AUTO -> "auto";
      case OFF -> "off";
      case START_PATTERN -> START_PREFIX + startPattern.pattern();
    };
  }
}
