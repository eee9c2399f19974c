package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.FieldNames;
import java.util.List;
import java.util.function.Function;

/**
 * {@code min(field)}: the smallest numeric value of the field. Values that are not numbers are
 * ignored. {@code min(_time)} is the earliest row time, in RFC 3339.
 */
public record StatsMin(String field) implements StatsFunction {

  public StatsMin {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    if (field.equals(FieldNames.TIME)) {
      return new TimeExtremeState(true);
    }
    return new NumericState(NumericState.Figure.MIN);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "min(" + fieldText.apply(field) + ")";
  }
}
