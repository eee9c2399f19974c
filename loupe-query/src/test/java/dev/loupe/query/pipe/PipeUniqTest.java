package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipeUniqTest {

  @Test
  void distinctCombinationsOverEveryMatchingRowSortedByValue() {
    assertThat(PipeTesting.run("* | uniq by (service, status)", 1))
        .containsExactly(
            "service=api status=200",
            "service=api status=500",
            "service=api status=503",
            "service=web status=200",
            "service=web status=404",
            "service=web status=500");
  }

  @Test
  void missingFieldIsTheEmptyValue() {
    assertThat(PipeTesting.run("service:web | uniq by (latency) | head 2", 10))
        .containsExactly("latency=", "latency=1e3");
  }

  @Test
  void worksAfterRowPipesAndOnAFieldNamedHits() {
    assertThat(PipeTesting.run("* | rename status as hits | uniq by (hits)", 10))
        .containsExactly("hits=200", "hits=404", "hits=500", "hits=503");
  }

  @Test
  void isAGroupedCountWithoutTheCount() {
    assertThat(new PipeUniq(List.of("a")).expand().toString()).contains("PipeStats", "PipeFields");
    assertThatThrownBy(() -> new PipeUniq(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeUniq(List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
