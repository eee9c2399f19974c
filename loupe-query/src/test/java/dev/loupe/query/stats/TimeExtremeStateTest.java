package dev.loupe.query.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeExtremeStateTest {
  @Test
  void keepsTheEarliestOrLatestTimeWhetherGivenAsANumberOrAsText() {
    TimeExtremeState earliest = new TimeExtremeState(true);
    TimeExtremeState latest = new TimeExtremeState(false);
    for (TimeExtremeState state : new TimeExtremeState[] {earliest, latest}) {
      state.addTime(1_500_000_000L);
      state.add(new String[] {"1970-01-01T00:00:00.25Z"});
      state.add(new String[] {null});
      state.add(new String[] {"yesterday"});
      state.addTime(3_000_000_000L);
    }
    assertThat(earliest.result()).isEqualTo("1970-01-01T00:00:00.250Z");
    assertThat(latest.result()).isEqualTo("1970-01-01T00:00:03Z");
  }

  @Test
  void mergesAndIsEmptyWithoutRows() {
    TimeExtremeState first = new TimeExtremeState(false);
    TimeExtremeState second = new TimeExtremeState(false);
    TimeExtremeState empty = new TimeExtremeState(false);
    first.addTime(-5);
    second.addTime(7);
    first.merge(second);
    first.merge(empty);
    assertThat(first.result()).isEqualTo("1970-01-01T00:00:00.000000007Z");
    assertThat(empty.result()).isEmpty();
  }
}
