package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.filter.Filter;

/**
 * A parsed query. For now only filters; the full language adds the pipes that follow them ({@code |
 * stats ...}) as a second component.
 *
 * <p>{@link #toString()} is the canonical text: {@code QueryParser.parse(query.toString())} equals
 * {@code query} for every query the parser produced.
 *
 * @param filter which rows the query selects
 */
public record Query(Filter filter) {

  public Query {
    requireNonNull(filter, "filter is null");
  }

  /** The canonical text of this query, which parses back to an equal query. */
  @Override
  public String toString() {
    return QueryPrinter.print(this);
  }
}
