package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatenciesTest {
  /** Nearest rank over 1..100: the p-th percentile is p itself. */
  @ParameterizedTest(name = "p{0} of 1..100 is {1}")
  @CsvSource({"1, 1", "50, 50", "99, 99", "99.5, 100", "100, 100"})
  void nearestRankOfOneToHundred(double percent, long expected) {
    long[] sorted = LongStream.rangeClosed(1, 100).toArray();

    assertThat(Latencies.percentile(sorted, percent)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "p{1} of {0} values is value number {2}")
  @CsvSource({
    "1, 50, 1",
    "1, 99, 1",
    "2, 50, 1",
    "2, 99, 2",
    "3, 50, 2",
    "10, 99, 10",
    "1000, 99, 990"
  })
  void nearestRankOfSmallSets(int size, double percent, long expected) {
    long[] sorted = LongStream.rangeClosed(1, size).toArray();

    assertThat(Latencies.percentile(sorted, percent)).isEqualTo(expected);
  }

  @Test
  void summarisesUnsortedValues() {
    Latencies latencies = Latencies.of(new long[] {30, 10, 20, 40, 1000});

    assertThat(latencies).isEqualTo(new Latencies(5, 10, 30, 1000, 1000));
  }

  @Test
  void emptyIsEmpty() {
    assertThat(Latencies.of(new long[0]).isEmpty()).isTrue();
    assertThatThrownBy(() -> Latencies.percentile(new long[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recorderKeepsEveryValue() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (long value = 1; value <= 5000; value++) {
      recorder.record(value);
    }

    assertThat(recorder.summary()).isEqualTo(new Latencies(5000, 1, 2500, 4950, 5000));
  }
}
