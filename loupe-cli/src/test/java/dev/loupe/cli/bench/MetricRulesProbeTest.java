package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.analytics.metrics.MetricRule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricRulesProbeTest {
  @TempDir Path directory;

  @Test
  void twentyRulesOfEveryKindAreValid() {
    assertThat(MetricRulesProbe.rules(20))
        .hasSize(20)
        .extracting(MetricRule::aggregation)
        .contains("count", "sum", "quantile(0.99)");
  }

  @Test
  void reportsRatesAndCpuALineOfBothSidesForEachRoundAndLeavesNothingBehind() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    MetricRulesProbe.Result result =
        MetricRulesProbe.run(
            directory, 5_000, 5, 2, new PrintStream(text, true, StandardCharsets.UTF_8));
    assertThat(result.rules()).isEqualTo(5);
    assertThat(result.lines()).isEqualTo(5_000);
    assertThat(result.withoutLinesPerSecond()).isPositive();
    assertThat(result.withLinesPerSecond()).isPositive();
    // The process CPU clock counts in scheduler ticks (10 ms on Linux): a 5,000-line round may take
    // less than one, so only the sign is certain here; the bench's 300 k-line rounds take hundreds.
    assertThat(result.withoutCpuNanosPerLine()).isNotNegative();
    assertThat(result.withCpuNanosPerLine()).isNotNegative();
    assertThat(result.cpuSlowdownPercent())
        .isEqualTo((result.withCpuNanosPerLine() / result.withoutCpuNanosPerLine() - 1) * 100);
    assertThat(text.toString(StandardCharsets.UTF_8))
        .containsPattern("round 1: [\\d,]+ lines/s \\([\\d,]+ ns CPU a line\\) without rules")
        .contains("round 2: ");
    try (var left = Files.list(directory)) {
      assertThat(left).isEmpty();
    }
  }
}
