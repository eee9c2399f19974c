package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code count_uniq(field)}: the number of distinct non-empty values of the field, counted exactly.
 * Every value is kept until the end, so the group limit and the uniq limit of {@code QueryLimits}
 * bound the memory. Values that are not numbers are ignored.
 */
public record StatsCountUniq(String field) implements StatsFunction {

  public StatsCountUniq {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    return new State();
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "count_uniq(" + fieldText.apply(field) + ")";
  }

  private static final class State implements StatsState {
    /** A HashSet entry (a HashMap node and its table slot) and a String with its array. */
    private static final long VALUE_OVERHEAD_BYTES = 48 + 56;

    private final Set<String> seen = new HashSet<>();
    private long retainedBytes = FIXED_STATE_BYTES;

    @Override
    public void add(String[] values) {
      String value = values[0];
      if (value != null && !value.isEmpty() && seen.add(value)) {
        retainedBytes += VALUE_OVERHEAD_BYTES + value.length();
        checkSize();
      }
    }

    @Override
    public void merge(StatsState other) {
      for (String value : ((State) other).seen) {
        if (seen.add(value)) {
          retainedBytes += VALUE_OVERHEAD_BYTES + value.length();
        }
      }
      checkSize();
    }

    @Override
    public long retainedBytes() {
      return retainedBytes;
    }

    private void checkSize() {
      if (seen.size() > QueryLimits.MAX_COUNT_UNIQ_VALUES) {
        throw new LoupeException(
            ErrorCode.LIMIT_EXCEEDED,
            "count_uniq saw more than "
                + QueryLimits.MAX_COUNT_UNIQ_VALUES
                + " distinct values in one group; narrow the query or the time range, or group by"
                + " more fields");
      }
    }

    @Override
    public String result() {
      return Integer.toString(seen.size());
    }
  }
}
