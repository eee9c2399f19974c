package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code _time} within a duration before the query's "now": {@code _time:5m} keeps lines from
 * {@code now - 5m} to {@code now}, both included. Units: {@code ms}, {@code s}, {@code m}, {@code
 * h}, {@code d} (24 h), {@code w} (7 d); one number and one unit.
 *
 * <p>The parser does not read the clock, so a parsed query means the same whenever it runs: this
 * filter only holds the duration, and the executor turns it into a {@link FilterTime} with the
 * "now" its caller gives it ({@link #resolveAll}) before judging any block. Evaluating it
 * unresolved is a bug and throws. Prints back as written ({@code 90m} stays {@code 90m}).
 *
 * @param duration the duration as written, such as {@code 5m}
 */
public record FilterTimeRelative(String duration) implements Filter {
  private static final long MILLISECOND = 1_000_000L;
  private static final long SECOND = 1000 * MILLISECOND;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long WEEK = 7 * DAY;

  /**
   * @throws IllegalArgumentException when {@code duration} is not a number and a unit, or is zero
   *     or longer than a long of nanoseconds holds (about 292 years)
   */
  public FilterTimeRelative {
    requireNonNull(duration, "duration is null");
    if (durationNanos(duration) <= 0) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
  }

  /** True when {@code text} is a duration this filter accepts. */
  public static boolean isDuration(String text) {
    try {
      return durationNanos(text) > 0;
    } catch (IllegalArgumentException notADuration) {
      return false;
    }
  }

  /** The duration in nanoseconds. */
  public long nanos() {
    return durationNanos(duration);
  }

  /** {@code [now - duration, now]}. */
  public FilterTime resolve(long nowNanos) {
    long start = nowNanos - nanos();
    if (start > nowNanos) {
      start = Long.MIN_VALUE; // underflow: everything before now
    }
    return new FilterTime(start, true, nowNanos, true);
  }

  /** {@code filter} with every relative time replaced by its {@link #resolve resolution}. */
  public static Filter resolveAll(Filter filter, long nowNanos) {
    return switch (filter) {
      case FilterTimeRelative relative -> relative.resolve(nowNanos);
      case FilterNot not -> new FilterNot(resolveAll(not.child(), nowNanos));
      case FilterAnd and -> new FilterAnd(resolveChildren(and.children(), nowNanos));
      case FilterOr or -> new FilterOr(resolveChildren(or.children(), nowNanos));
      default -> filter;
    };
  }

  private static List<Filter> resolveChildren(List<Filter> children, long nowNanos) {
    List<Filter> resolved = new ArrayList<>(children.size());
    for (Filter child : children) {
      resolved.add(resolveAll(child, nowNanos));
    }
    return resolved;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    throw unresolved();
  }

  @Override
  public boolean matches(Block block, int row) {
    throw unresolved();
  }

  @Override
  public void collectColumns(Set<String> columns) {
    // _time is always decoded.
  }

  private IllegalStateException unresolved() {
    return new IllegalStateException(
        "_time:" + duration + " was not resolved against a 'now'; call resolveAll first");
  }

  private static long durationNanos(String text) {
    int digitsEnd = 0;
    while (digitsEnd < text.length() && Character.isDigit(text.charAt(digitsEnd))) {
      digitsEnd++;
    }
    if (digitsEnd == 0 || digitsEnd > 18) {
      throw new IllegalArgumentException("not a duration such as 5m: " + text);
    }
    long amount = Long.parseLong(text.substring(0, digitsEnd));
    long unit =
        switch (text.substring(digitsEnd)) {
          case "ms" -> MILLISECOND;
          case "s" -> SECOND;
          case "m" -> MINUTE;
          case "h" -> HOUR;
          case "d" -> DAY;
          case "w" -> WEEK;
          default ->
              throw new IllegalArgumentException(
                  "unknown unit in " + text + ": use ms, s, m, h, d or w");
        };
    try {
      return Math.multiplyExact(amount, unit);
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException("duration too long: " + text);
    }
  }
}
