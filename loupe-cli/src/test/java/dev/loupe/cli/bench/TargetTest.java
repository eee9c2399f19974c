package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void atLeastTargetsAreMetFromTheLimitUp() {
    assertThat(Target.INGEST_LINES_PER_SECOND.judge(250_000)).isEqualTo(Verdict.MET);
    assertThat(Target.INGEST_LINES_PER_SECOND.judge(249_999)).isEqualTo(Verdict.MISSED);
    assertThat(Target.NEEDLE_SPEEDUP.judge(20.5)).isEqualTo(Verdict.MET);
  }

  @Test
  void atMostTargetsAreMetUpToTheLimit() {
    assertThat(Target.ACKNOWLEDGEMENT_P99_NANOS.judge(20e6)).isEqualTo(Verdict.MET);
    assertThat(Target.ACKNOWLEDGEMENT_P99_NANOS.judge(20e6 + 1)).isEqualTo(Verdict.MISSED);
    assertThat(Target.RESIDENT_BYTES.judge(768L << 20)).isEqualTo(Verdict.MET);
    assertThat(Target.RESIDENT_BYTES.judge((768L << 20) + 1)).isEqualTo(Verdict.MISSED);
  }

  @Test
  void unmeasuredAndInfiniteFigures() {
    assertThat(Target.READY_NANOS.judge(Double.NaN)).isEqualTo(Verdict.NOT_MEASURED);
    assertThat(Target.VISIBLE_P99_NANOS.judge(Double.POSITIVE_INFINITY)).isEqualTo(Verdict.MISSED);
  }
}
