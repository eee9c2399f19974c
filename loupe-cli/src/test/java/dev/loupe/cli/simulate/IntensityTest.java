package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntensityTest {
  private static long at(String time) {
    return Simulation.nanos(Instant.parse(time));
  }

  @Test
  void theDayPeaksInTheAfternoonAndAveragesTheRate() {
    assertThat(Intensity.shape(at("2026-11-21T15:00:00Z"))).isCloseTo(1.6, within(1e-9));
    assertThat(Intensity.shape(at("2026-11-21T03:00:00Z"))).isCloseTo(0.4, within(1e-9));
    assertThat(Intensity.shape(at("2026-11-21T09:00:00Z"))).isCloseTo(1.0, within(1e-9));
    double sum = 0;
    int minutes = 24 * 60;
    for (int minute = 0; minute < minutes; minute++) {
      sum += Intensity.shape(at("2026-11-21T00:00:00Z") + minute * 60_000_000_000L);
    }
    assertThat(sum / minutes).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void withoutTheDayTheRateIsFlat() {
    Intensity flat = new Intensity(250, false);
    Intensity daily = new Intensity(250, true);
    assertThat(flat.at(at("2026-11-21T03:00:00Z"))).isEqualTo(250);
    assertThat(daily.at(at("2026-11-21T03:00:00Z"))).isCloseTo(100, within(1e-9));
    assertThatThrownBy(() -> new Intensity(0, false)).hasMessageContaining("must be positive");
  }
}
