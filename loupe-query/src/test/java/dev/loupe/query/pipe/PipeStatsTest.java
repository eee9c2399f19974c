package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.stats.StatsCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipeStatsTest {

  @Test
  void countsPerGroupOverEveryMatchingRow() {
    assertThat(PipeTesting.run("status:>=500 | stats count() by (service)", 1))
        .containsExactly("service=api count()=2", "service=web count()=1");
  }

  @Test
  void numericFunctionsIgnoreValuesThatAreNotNumbers() {
    assertThat(
            PipeTesting.run(
                "* | stats sum(latency) as total, avg(latency), min(latency), max(latency),"
                    + " p50(latency), quantile(1, latency), count_uniq(status) by (_stream)",
                1))
        .containsExactly(
            "_stream={service=\"api\"} total=60 avg(latency)=20 min(latency)=10"
                + " max(latency)=30 p50(latency)=20 quantile(1, latency)=30 count_uniq(status)=3",
            "_stream={service=\"web\"} total=1012 avg(latency)=337.3333333333333"
                + " min(latency)=5 max(latency)=1000 p50(latency)=7 quantile(1, latency)=1000"
                + " count_uniq(status)=3");
  }

  @Test
  void rowPipesAfterStatsTakeItsRows() {
    assertThat(PipeTesting.run("* | stats count() as n by (status) | head 2 | fields n", 1))
        .containsExactly("n=4", "n=1");
  }

  @Test
  void noMatchGivesOneRowWithZeroWithoutGroupsAndNoRowWithThem() {
    assertThat(PipeTesting.run("nothing | stats count()", 1)).containsExactly("count()=0");
    assertThat(PipeTesting.run("nothing | stats count() by (x)", 1)).isEmpty();
  }

  @Test
  void resultNamesAreUnique() {
    var count = new PipeStats.Call(new StatsCount(), null);
    assertThatThrownBy(() -> new PipeStats(List.of(count, count), List.of()))
        .hasMessageContaining("duplicate result name: count()");
    assertThat(
            ((PipeStats) QueryParser.parse("* | stats count() as \"a b\"").pipes().getFirst())
                .functions()
                .getFirst()
                .name())
        .isEqualTo("a b");
  }
}
