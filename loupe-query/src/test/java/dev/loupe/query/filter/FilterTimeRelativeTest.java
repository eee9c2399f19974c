package dev.loupe.query.filter;

import static dev.loupe.query.testing.Records.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.FieldNames;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterTimeRelativeTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "250ms, 250000000",
    "90s, 90000000000",
    "5m, 300000000000",
    "1h, 3600000000000",
    "2d, 172800000000000",
    "1w, 604800000000000"
  })
  void readsDurations(String duration, long nanos) {
    assertThat(new FilterTimeRelative(duration).nanos()).isEqualTo(nanos);
  }

  @Test
  void resolvesToTheWindowBeforeNow() {
    assertThat(new FilterTimeRelative("5m").resolve(1_000_000_000_000L))
        .isEqualTo(new FilterTime(700_000_000_000L, true, 1_000_000_000_000L, true));
  }

  @Test
  void resolvesEveryRelativeTimeOfATree() {
    Filter word = new FilterWord(FieldNames.MESSAGE, "a");
    Filter tree =
        new FilterOr(
            List.of(
                new FilterAnd(List.of(word, new FilterTimeRelative("1s"))),
                new FilterNot(new FilterTimeRelative("2s"))));
    Filter resolved = FilterTimeRelative.resolveAll(tree, 10_000_000_000L);
    assertThat(resolved)
        .isEqualTo(
            new FilterOr(
                List.of(
                    new FilterAnd(
                        List.of(word, new FilterTime(9_000_000_000L, true, 10_000_000_000L, true))),
                    new FilterNot(new FilterTime(8_000_000_000L, true, 10_000_000_000L, true)))));
  }

  @Test
  void rejectsBadDurationsAndUnresolvedUse() {
    for (String bad : new String[] {"5", "m", "0s", "5x", "-5m", "1.5h", "99999999999999999d"}) {
      assertThat(FilterTimeRelative.isDuration(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> new FilterTimeRelative(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new FilterTimeRelative("5m").verdict(block("api", "a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not resolved");
  }
}
