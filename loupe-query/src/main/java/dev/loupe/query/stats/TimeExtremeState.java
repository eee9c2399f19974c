package dev.loupe.query.stats;

import dev.loupe.core.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The state of {@code min(_time)} and {@code max(_time)}: the earliest or latest row time, reported
 * in RFC 3339 like {@code _time} itself. Rows come by their time in nanoseconds ({@link #addTime}),
 * which is what the executor has, without formatting it to text and parsing it back; text that is
 * not a time is ignored. Not thread-safe, like every state.
 */
final class TimeExtremeState implements StatsState {
  private final boolean earliest;
  private long extreme;
  private boolean seen;

  TimeExtremeState(boolean earliest) {
    this.earliest = earliest;
  }

  @Override
  public void add(String[] values) {
    if (values[0] == null) {
      return;
    }
    try {
      addTime(Timestamps.toNanos(Instant.parse(values[0])));
    } catch (DateTimeParseException notATime) {
      // like min(x) over text that is not a number: ignored
    }
  }

  @Override
  public void addTime(long timeNanos) {
    if (!seen || (earliest ? timeNanos < extreme : timeNanos > extreme)) {
      extreme = timeNanos;
      seen = true;
    }
  }

  @Override
  public void merge(StatsState other) {
    TimeExtremeState state = (TimeExtremeState) other;
    if (state.seen) {
      addTime(state.extreme);
    }
  }

  @Override
  public String result() {
    return seen ? Timestamps.format(extreme) : "";
  }
}
