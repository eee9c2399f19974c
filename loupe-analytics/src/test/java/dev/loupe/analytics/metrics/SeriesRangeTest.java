package dev.loupe.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesRangeTest {
  private static MetricPoint point(long start, String service, String level, double value) {
    return new MetricPoint(
        start, start + 10, new TreeMap<>(Map.of("service", service, "level", level)), value);
  }

  private static final List<MetricPoint> POINTS =
      List.of(
          point(0, "api", "info", 1),
          point(0, "api", "error", 2),
          point(10, "api", "info", 4),
          point(10, "web", "info", 8),
          point(20, "api", "info", 16));

  @Test
  void countsAddUpOverStepsAndDroppedLabels() {
    List<SeriesRange.Series> series =
        SeriesRange.compute(POINTS, Aggregation.parse("count", "t"), 0, 30, 20, List.of("service"));
    assertThat(series).hasSize(2);
    assertThat(series.get(0).labels()).containsExactly(Map.entry("service", "api"));
    assertThat(series.get(0).values()).containsExactly(new double[] {0, 7}, new double[] {20, 16});
    assertThat(series.get(1).values()).containsExactly(new double[] {0, 8});
  }

  @Test
  void averagesAreAveragedAndMaximaKept() {
    assertThat(
            SeriesRange.compute(POINTS, Aggregation.parse("avg", "t"), 0, 20, 20, List.of())
                .get(0)
                .values())
        .containsExactly(new double[] {0, 15 / 4.0});
    assertThat(
            SeriesRange.compute(POINTS, Aggregation.parse("max", "t"), 0, 20, 20, List.of())
                .get(0)
                .values())
        .containsExactly(new double[] {0, 8});
  }

  @Test
  void withoutByEveryLabelSetIsASeriesAndTheRangeIsHalfOpen() {
    assertThat(SeriesRange.compute(POINTS, Aggregation.parse("count", "t"), 10, 20, 10, null))
        .hasSize(2);
  }

  @Test
  void tooManyPointsAreRefused() {
    assertThatThrownBy(
            () ->
                SeriesRange.compute(POINTS, Aggregation.parse("count", "t"), 0, 1_000_000, 1, null))
        .hasMessageContaining("larger step");
  }
}
