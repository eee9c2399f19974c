package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {
  private static final SimulationSettings DEFAULTS = SimulationSettings.defaults(List.of());

  @Test
  void theWorldsRateIsTheOutputRateOverTheSpeed() {
    assertThat(DEFAULTS.outputs()).containsExactly("-");
    assertThat(DEFAULTS.paced()).isTrue();
    assertThat(DEFAULTS.linesPerSimulatedSecond()).isEqualTo(1_000);
    assertThat(DEFAULTS.withPace(2_000, 3_600, false).linesPerSimulatedSecond())
        .isEqualTo(2_000 / 3_600.0);
    assertThat(DEFAULTS.withPace(2_000, 3_600, true).paced()).isFalse();
    // --rate 0: as fast as possible, spaced as --lines over --duration, else the default rate
    SimulationSettings unpaced = DEFAULTS.withPace(0, 1, false);
    assertThat(unpaced.paced()).isFalse();
    assertThat(unpaced.linesPerSimulatedSecond()).isEqualTo(SimulateLimits.DEFAULT_RATE);
    assertThat(unpaced.withLimits(Duration.ofHours(1), 36_000).linesPerSimulatedSecond())
        .isEqualTo(10);
  }

  @Test
  void outOfRangeSettingsAreRefused() {
    assertThatThrownBy(() -> DEFAULTS.withPace(1, 0, false))
        .hasMessageContaining("--speed must be above 0");
    assertThatThrownBy(() -> DEFAULTS.withLimits(null, -1)).hasMessageContaining("--lines");
    assertThatThrownBy(() -> DEFAULTS.withLimits(Duration.ofSeconds(-1), 0))
        .hasMessageContaining("--duration");
    assertThatThrownBy(() -> DEFAULTS.withSending(0, Duration.ofSeconds(1), 1, 1, 1_000))
        .hasMessageContaining("--batch-lines");
    assertThatThrownBy(() -> DEFAULTS.withSending(1, Duration.ZERO, 1, 1, 1_000))
        .hasMessageContaining("--flush-interval");
    assertThatThrownBy(() -> DEFAULTS.withSending(1, Duration.ofSeconds(1), 1, 1, 100))
        .hasMessageContaining("--udp-max-bytes");
    assertThatThrownBy(() -> DEFAULTS.withIncidents(List.of(), true, Duration.ofMillis(10)))
        .hasMessageContaining("--incident-every");
  }
}
