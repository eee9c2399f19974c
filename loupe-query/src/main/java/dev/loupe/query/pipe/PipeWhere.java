package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.filter.Filter;

/**
 * {@code | where <filter>}: keeps the rows that match {@code filter}, any filter of the language,
 * judged on the row as it reaches the pipe, so fields computed by earlier pipes ({@code stats}
 * results, renamed or extracted fields) can be tested: {@code | stats count() as n by (host) |
 * where n:>100}.
 *
 * <p>A {@code where} that comes before every pipe that changes rows is the same as the query's own
 * filter, and the executor runs it as one, so it also skips blocks by their headers.
 *
 * @param filter the condition
 */
public record PipeWhere(Filter filter) implements Pipe {

  public PipeWhere {
    requireNonNull(filter, "filter is null");
  }
}
