package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.FieldNames;
import java.util.List;
import java.util.function.Function;

/**
 * {@code max(field)}: the largest numeric value of the field. Values that are not numbers are
 * ignored. {@code max(_time)} is the latest row time, in RFC 3339.
 */
public record StatsMax(String field) implements StatsFunction {

  public StatsMax {
    requireNonNull(field, "field is null");
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    if (field.equals(FieldNames.TIME)) {
      return new TimeExtremeState(false);
    }
    return new NumericState(NumericState.Figure.MAX);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    return "max(" + fieldText.apply(field) + ")";
  }
}
