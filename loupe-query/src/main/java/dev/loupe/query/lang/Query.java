package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.filter.Filter;
import dev.loupe.query.pipe.Pipe;
import java.util.List;

/**
 * A parsed query: the filters that select rows, then the pipes that transform them ({@code | fields
 * a | head 10}, {@code | stats count() by (service)}), in order.
 *
 * <p>{@link #toString()} is the canonical text: {@code QueryParser.parse(query.toString())} equals
 * {@code query} for every query the parser produced.
 *
 * @param filter which rows the query selects
 * @param pipes what is done with them, in order; empty for a plain search
 */
public record Query(Filter filter, List<Pipe> pipes) {

  public Query {
    requireNonNull(filter, "filter is null");
    pipes = List.copyOf(requireNonNull(pipes, "pipes is null"));
  }

  /** A query of filters only. */
  public Query(Filter filter) {
    this(filter, List.of());
  }

  /** The canonical text of this query, which parses back to an equal query. */
  @Override
  public String toString() {
    return QueryPrinter.print(this);
  }
}
