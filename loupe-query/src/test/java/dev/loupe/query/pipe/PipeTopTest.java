package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipeTopTest {

  @Test
  void mostFrequentValuesFirstTiesByValue() {
    assertThat(PipeTesting.run("* | top 3 status", 1))
        .containsExactly("status=200 hits=4", "status=500 hits=2", "status=404 hits=1");
  }

  @Test
  void countsEveryMatchingRowNotTheNewestLimit() {
    assertThat(PipeTesting.run("status:>=500 | top service", 1))
        .containsExactly("service=api hits=2", "service=web hits=1");
  }

  @Test
  void isStatsThenSortThenHead() {
    assertThat(new PipeTop(2, "x").expand().toString())
        .contains("PipeStats", "PipeSort", "PipeHead[count=2]");
    assertThatThrownBy(() -> new PipeTop(0, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeTop(1, "hits")).isInstanceOf(IllegalArgumentException.class);
  }
}
