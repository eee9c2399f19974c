package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeRangeTest {
  private static final long MIN = Long.MIN_VALUE;
  private static final long MAX = Long.MAX_VALUE;

  @ParameterizedTest(name = "[{index}] [{0},{1})")
  @CsvSource({
    "5,                    4",
    "0,                    -1",
    "9223372036854775807,  -9223372036854775808",
  })
  void endBeforeStartIsABadRequest(long start, long end) {
    assertThatThrownBy(() -> new TimeRange(start, end))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessage("time range ends before it starts: start=" + start + " end=" + end);
  }

  @ParameterizedTest(name = "[{index}] [{0},{1})")
  @CsvSource({
    "4,                     4",
    "4,                     5",
    "-9223372036854775808, -9223372036854775808",
    "-9223372036854775808,  9223372036854775807",
  })
  void emptyAndFullRangesAreValid(long start, long end) {
    TimeRange range = new TimeRange(start, end);
    assertThat(range.startNanos()).isEqualTo(start);
    assertThat(range.endNanos()).isEqualTo(end);
  }

  @ParameterizedTest(name = "[{index}] [{0},{1}) contains {2}: {3}")
  @CsvSource({
    "10, 20, 10, true",
    "10, 20, 19, true",
    "10, 20, 20, false",
    "10, 20, 9,  false",
    "10, 11, 10, true",
    "10, 10, 10, false",
    "-20, -10, -20, true",
    "-20, -10, -10, false",
    "-9223372036854775808, 0, -9223372036854775808, true",
    "0, 9223372036854775807, 9223372036854775806, true",
  })
  void containsIsHalfOpen(long start, long end, long time, boolean expected) {
    assertThat(new TimeRange(start, end).contains(time)).isEqualTo(expected);
  }

  // [min, max] is closed on both ends (a block's first and last time); the range is half-open.
  @ParameterizedTest(name = "[{index}] [10,20) overlaps [{0},{1}]: {2}")
  @CsvSource({
    "0,  9,   false",
    "0,  10,  true",
    "10, 10,  true",
    "12, 15,  true",
    "19, 19,  true",
    "19, 30,  true",
    "20, 20,  false",
    "20, 30,  false",
    "0,  100, true",
    "-9223372036854775808, 9223372036854775807, true",
  })
  void overlapsClosedBlockBounds(long min, long max, boolean expected) {
    assertThat(new TimeRange(10, 20).overlaps(min, max)).isEqualTo(expected);
  }

  /**
   * The javadoc promises "some instant of [min, max] lies in this range"; an empty range holds no
   * instant, so it overlaps nothing. (QueryExecutor works around this with its own emptiness check;
   * StorageSnapshot.blocks does not.)
   */
  @ParameterizedTest(name = "[{index}] [10,10) overlaps [{0},{1}]: false")
  @CsvSource({
    "0,  9", "0,  10", "10, 10", "0,  100", "11, 20",
  })
  void emptyRangeOverlapsNothing(long min, long max) {
    assertThat(new TimeRange(10, 10).overlaps(min, max)).isFalse();
  }

  @ParameterizedTest(name = "[{index}] [{0},{1}) ∩ [{2},{3}) = [{4},{5})")
  @CsvSource({
    "0,  10, 5,  15, 5,  10",
    "0,  20, 5,  15, 5,  15",
    "0,  10, 0,  10, 0,  10",
    "0,  10, 10, 20, 10, 10",
    "0,  10, 20, 30, 20, 20",
    "5,  5,  0,  10, 5,  5",
    "-9223372036854775808, 9223372036854775807, -5, 5, -5, 5",
  })
  void intersectIsCommutativeAndEmptyWhenDisjoint(
      long firstStart,
      long firstEnd,
      long secondStart,
      long secondEnd,
      long expectedStart,
      long expectedEnd) {
    TimeRange first = new TimeRange(firstStart, firstEnd);
    TimeRange second = new TimeRange(secondStart, secondEnd);
    TimeRange expected = new TimeRange(expectedStart, expectedEnd);
    assertThat(first.intersect(second)).isEqualTo(expected);
    assertThat(second.intersect(first)).isEqualTo(expected);
  }

  @Test
  void allContainsEveryTimeBelowTheLargestLong() {
    assertThat(TimeRange.ALL.contains(MIN)).isTrue();
    assertThat(TimeRange.ALL.contains(0)).isTrue();
    assertThat(TimeRange.ALL.contains(MAX - 1)).isTrue();
    assertThat(TimeRange.ALL.overlaps(MIN, MAX)).isTrue();
    assertThat(TimeRange.ALL.intersect(new TimeRange(3, 7))).isEqualTo(new TimeRange(3, 7));
  }

  // Small ranges over a small window, so that every instant can be checked one by one.
  @Property(tries = 500)
  void intersectContainsExactlyTheCommonInstants(
      @ForAll("smallRanges") TimeRange first, @ForAll("smallRanges") TimeRange second) {
    TimeRange both = first.intersect(second);
    for (long time = -12; time <= 12; time++) {
      assertThat(both.contains(time))
          .as("time %d in %s and %s", time, first, second)
          .isEqualTo(first.contains(time) && second.contains(time));
    }
  }

  @Property(tries = 500)
  void overlapsNonEmptyRangeIffSomeInstantIsContained(
      @ForAll("smallRanges") TimeRange range,
      @ForAll @IntRange(min = -12, max = 12) int min,
      @ForAll @IntRange(min = 0, max = 8) int length) {
    if (range.startNanos() == range.endNanos()) {
      return; // see emptyRangeOverlapsNothing
    }
    long max = min + length;
    boolean someInstantContained = false;
    for (long time = min; time <= max; time++) {
      someInstantContained |= range.contains(time);
    }
    assertThat(range.overlaps(min, max)).isEqualTo(someInstantContained);
  }

  @Provide
  Arbitrary<TimeRange> smallRanges() {
    return Combinators.combine(
            Arbitraries.longs().between(-10, 10), Arbitraries.longs().between(0, 6))
        .as((start, length) -> new TimeRange(start, start + length));
  }
}
