package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.query.filter.FilterAll;
import org.junit.jupiter.api.Test;

class PipeWhereTest {

  @Test
  void leadingWhereIsTheQueryFilter() {
    assertThat(PipeTesting.run("* | where status:>=500 | fields _msg", 10))
        .containsExactly("_msg=a3", "_msg=a2", "_msg=w1");
  }

  @Test
  void leadingWhereKeepsStatsOverAllDataNotTheLimit() {
    assertThat(PipeTesting.run("* | where status:200 | stats count() as n", 1))
        .containsExactly("n=4");
  }

  @Test
  void filtersComputedFieldsAfterStats() {
    assertThat(PipeTesting.run("* | stats count() as n by (status) | where n:>1 | sort by (n)", 10))
        .containsExactly("status=500 n=2", "status=200 n=4");
  }

  @Test
  void filtersRowsAfterRowPipes() {
    assertThat(PipeTesting.run("* | fields _msg, latency | where latency:<25 | head 2", 10))
        .containsExactly("_msg=a4 latency=20", "_msg=w3 latency=7");
  }

  @Test
  void missingFieldDoesNotMatchAndNegationDoes() {
    assertThat(PipeTesting.run("* | fields _msg, latency | where -latency:* ", 10))
        .containsExactly("_msg=w2");
    assertThat(PipeTesting.run("* | fields _msg | where _stream:{service=\"api\"}", 10)).isEmpty();
  }

  @Test
  void laterStatsCountsOnlyKeptRows() {
    assertThat(
            PipeTesting.run(
                "* | fields service, status | where status:200 | stats count() as n by (service)",
                10))
        .containsExactlyInAnyOrder("service=api n=2", "service=web n=2");
  }

  @Test
  void checksItsFilter() {
    assertThat(new PipeWhere(new FilterAll()).filter()).isEqualTo(new FilterAll());
    assertThatThrownBy(() -> new PipeWhere(null)).isInstanceOf(NullPointerException.class);
  }
}
