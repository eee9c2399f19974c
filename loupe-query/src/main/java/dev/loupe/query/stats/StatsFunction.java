package dev.loupe.query.stats;

import java.util.List;
import java.util.function.Function;

/**
 * One function of a {@code stats} pipe: what it reads, how it prints, and a fresh partial state.
 * Values are immutable and thread-safe; their states are not.
 */
public sealed interface StatsFunction
    permits StatsCount, StatsCountUniq, StatsSum, StatsAvg, StatsMin, StatsMax, StatsQuantile {

  /** The fields it reads, in argument order; empty for {@code count()}. */
  List<String> fields();

  /**
   * Whether its only field is {@code _time}: its states then get rows by {@link
   * StatsState#addTime}.
   */
  default boolean readsTimeOnly() {
    List<String> fields = fields();
    return fields.size() == 1 && fields.get(0).equals(dev.loupe.core.FieldNames.TIME);
  }

  /** A new, empty partial state. */
  StatsState newState();

  /**
   * The canonical text, such as {@code count()} or {@code quantile(0.95, latency)}: also the
   * default name of the result column. Field names are passed through {@code fieldText}, which
   * quotes those that are not bare words.
   */
  String print(Function<String, String> fieldText);
}
