package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiguresTest {
  @ParameterizedTest(name = "{0} ns reads {1}")
  @CsvSource({
    "850000, 850 µs",
    "12345678, 12.3 ms",
    "345000000, 345 ms",
    "2410000000, 2.41 s",
    "95000000000, 95.0 s"
  })
  void durations(long nanos, String expected) {
    assertThat(Figures.duration(nanos)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} bytes read {1}")
  @CsvSource({"512, 512 B", "12345, 12.3 kB", "45600000, 45.6 MB", "1234000000, 1.23 GB"})
  void decimalSizes(long bytes, String expected) {
    assertThat(Figures.bytes(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} bytes of memory read {1}")
  @CsvSource({"536870912, 512 MiB", "1610612736, 1.5 GiB", "-1, n/a"})
  void binaryMemory(long bytes, String expected) {
    assertThat(Figures.memory(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}/s reads {1}")
  @CsvSource({"950, 950", "312400, 312.4 k", "1250000, 1.25 M"})
  void rates(double perSecond, String expected) {
    assertThat(Figures.rate(perSecond)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "ratio {0} reads {1}")
  @CsvSource({"23.44, 23.4×", "0.824, 0.82×", "1, 1.00×"})
  void ratios(double ratio, String expected) {
    assertThat(Figures.ratio(ratio)).isEqualTo(expected);
  }

  @Test
  void countsHaveSeparatorsAndUndefinedRatiosSayNa() {
    assertThat(Figures.count(10_000_000)).isEqualTo("10,000,000");
    assertThat(Figures.ratio(Double.NaN)).isEqualTo("n/a");
  }
}
