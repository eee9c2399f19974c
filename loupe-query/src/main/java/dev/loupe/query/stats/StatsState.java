package dev.loupe.query.stats;

/**
 * The partial result of one {@link StatsFunction} for one group. One worker thread fills a state
 * from the rows of one block ({@link #add}); the calling thread then merges the states of every
 * block ({@link #merge}) and reads the result once. Not thread-safe: each state is confined to one
 * thread at a time, handed over through the executor's futures.
 */
public interface StatsState {

  /**
   * Adds one row.
   *
   * @param values the values of the function's {@link StatsFunction#fields()}, in order; an entry
   *     is null when the row lacks the field
   */
  void add(String[] values);

  /**
   * Adds one row by its time alone: what the executor calls, instead of {@link #add}, for a
   * function whose only field is {@code _time} ({@link StatsFunction#readsTimeOnly}). The default
   * formats the time as {@code _time} reads and adds it; a state that wants the number overrides
   * it.
   */
  default void addTime(long timeNanos) {
    add(new String[] {dev.loupe.core.Timestamps.format(timeNanos)});
  }

  /** Adds everything {@code other} (a state of the same function) has seen. */
  void merge(StatsState other);

  /** The result as text; empty when there was nothing to compute it from. */
  String result();

  /**
   * An estimate of the heap this state holds, for the query's memory budget; cheap to call after
   * every row. States of fixed size (a count, a sum) keep the default.
   */
  default long retainedBytes() {
    return FIXED_STATE_BYTES;
  }

  /** An object header and a few numeric fields. */
  long FIXED_STATE_BYTES = 32;
}
