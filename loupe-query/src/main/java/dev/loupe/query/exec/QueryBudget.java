package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.QuerySettings;
import java.time.Clock;

/**
 * Everything that holds one running query to its {@link QuerySettings}: its deadline, its memory
 * budget and its row cap. One per query, made when it starts and handed to every part of it.
 */
record QueryBudget(Deadline deadline, MemoryBudget memory, int maxRows) {

  QueryBudget {
    requireNonNull(deadline, "deadline is null");
    requireNonNull(memory, "memory is null");
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
    }
  }

  /** A budget that starts now on {@code clock}. */
  static QueryBudget start(QuerySettings settings, Clock clock) {
    return new QueryBudget(
        Deadline.after(clock, settings.timeout()),
        new MemoryBudget(settings.memoryBytes()),
        settings.maxRows());
  }
}
