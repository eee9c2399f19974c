package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.TimeRange;
import dev.loupe.query.filter.Filter;
import java.util.Set;

/**
 * What every block scan of one search shares; immutable.
 *
 * @param filter the query's filter
 * @param range the requested time range intersected with the query's top-level {@code _time}
 * @param filterColumns the columns the filter reads
 */
record ScanPlan(Filter filter, TimeRange range, Set<String> filterColumns) {

  ScanPlan {
    requireNonNull(filter, "filter is null");
    requireNonNull(range, "range is null");
    filterColumns = Set.copyOf(filterColumns);
  }
}
