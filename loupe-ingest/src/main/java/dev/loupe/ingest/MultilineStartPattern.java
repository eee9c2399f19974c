package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link MultilineRule.Mode#START_PATTERN} rule: a line starts an event when the pattern is
 * found in its first {@link Limits#MULTILINE_PATTERN_PREFIX_CHARS} characters.
 *
 * <p>Design note: the pattern comes from a request, so a pattern that backtracks exponentially must
 * not hold a thread. The JDK's regex engine has no time limit, but it reads its input only through
 * {@link CharSequence#charAt}; the input here is a view that counts those reads and gives up after
 * {@link Limits#MULTILINE_PATTERN_MAX_STEPS}, the line then being taken as the start of an event
 * (so a runaway pattern joins nothing rather than joining wrongly). The count is a proxy for work,
 * not an exact bound, but it grows with every step of a backtracking search. Not thread-safe: one
 * instance per joiner (the matcher is reused from line to line).
 */
final class MultilineStartPattern {
  /** Thrown by the counting view to stop the engine; preallocated, it carries no stack trace. */
  private static final class StepsExhausted extends RuntimeException {
    StepsExhausted() {
      super("start-of-event pattern took too many steps", null, false, false);
    }
  }

  private static final StepsExhausted STEPS_EXHAUSTED = new StepsExhausted();

  /** Up to four bytes a character: enough bytes to decode the characters of the prefix. */
  private static final int PREFIX_BYTES = 4 * Limits.MULTILINE_PATTERN_PREFIX_CHARS;

  private final CountingText text;
  private final Matcher matcher;

  MultilineStartPattern(Pattern pattern) {
    this(pattern, Limits.MULTILINE_PATTERN_MAX_STEPS);
  }

  /** With another step budget, so that tests can reach it with small inputs. */
  MultilineStartPattern(Pattern pattern, int maxSteps) {
    requireNonNull(pattern, "pattern is null");
    this.text = new CountingText(maxSteps);
    this.matcher = pattern.matcher("");
  }

  /** Whether the line starts an event; true too when the pattern used up its steps. */
  boolean startsEvent(byte[] bytes, int offset, int length) {
    String prefix =
        new String(bytes, offset, Math.min(length, PREFIX_BYTES), StandardCharsets.UTF_8);
    if (prefix.length() > Limits.MULTILINE_PATTERN_PREFIX_CHARS) {
      prefix = prefix.substring(0, Limits.MULTILINE_PATTERN_PREFIX_CHARS);
    }
    text.reset(prefix);
    matcher.reset(text);
    try {
      return matcher.find();
    } catch (StepsExhausted runaway) {
      // Not swallowed: a runaway pattern is answered by "starts an event", as documented above.
      return true;
    } finally {
      matcher.reset("");
    }
  }

  /** The line's characters, counting reads; see the design note. */
  private static final class CountingText implements CharSequence {
    private final int maxSteps;
    private String value = "";
    private int steps;

    CountingText(int maxSteps) {
      if (maxSteps < 1) {
        throw new IllegalArgumentException("maxSteps must be positive: " + maxSteps);
      }
      this.maxSteps = maxSteps;
    }

    void reset(String newValue) {
      value = newValue;
      steps = 0;
    }

    @Override
    public char charAt(int index) {
      if (++steps > maxSteps) {
        throw STEPS_EXHAUSTED;
      }
      return value.charAt(index);
    }

    @Override
    public int length() {
      return value.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return value.substring(start, end);
    }

    @Override
    public String toString() {
      return value;
    }
  }
}
