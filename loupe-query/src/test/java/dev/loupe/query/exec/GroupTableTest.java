package dev.loupe.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.pipe.PipeStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupTableTest {

  private static PipeStats stats(String text) {
    return (PipeStats) QueryParser.parse("* | " + text).pipes().getFirst();
  }

  private record Row(Map<String, String> values, long timeNanos) implements GroupTable.RowAccess {
    @Override
    public String value(String field) {
      return values.get(field);
    }
  }

  @Test
  void partialTablesMergeIntoTheSameResultAsOne() {
    PipeStats pipe = stats("stats count(), sum(x), p50(x) by (g)");
    GroupTable whole = new GroupTable(pipe);
    GroupTable first = new GroupTable(pipe);
    GroupTable second = new GroupTable(pipe);
    for (int index = 0; index < 100; index++) {
      Row row = new Row(Map.of("g", "g" + index % 3, "x", String.valueOf(index)), index);
      whole.add(row);
      (index < 37 ? first : second).add(row);
    }
    first.merge(second);
    assertThat(first.rows()).isEqualTo(whole.rows());
    assertThat(whole.rows().getFirst().fields().toString()).contains("g0", "34", "1683", "48");
  }

  @Test
  void missingGroupFieldsGroupWithEmptyOnesAndNoRowsStillCountZero() {
    GroupTable table = new GroupTable(stats("stats count() by (g)"));
    table.add(new Row(Map.of(), 1));
    table.add(new Row(Map.of("g", ""), 2));
    assertThat(table.size()).isEqualTo(1);
    assertThat(new GroupTable(stats("stats count()")).rows().getFirst().value("count()"))
        .isEqualTo("0");
  }

  @Test
  void binsRoundTimeDown() {
    GroupTable table = new GroupTable(stats("stats count() by (bin(_time, 1s))"));
    table.add(new Row(Map.of(), 1_500_000_000L));
    table.add(new Row(Map.of(), 1_999_999_999L));
    table.add(new Row(Map.of(), -1L));
    assertThat(table.rows())
        .extracting(row -> row.value("_time") + "=" + row.value("count()"))
        .containsExactly("1969-12-31T23:59:59Z=1", "1970-01-01T00:00:01Z=2");
  }

  @Test
  void functionsOfTimeAloneGetTheRowTimeAsANumber() {
    // the row has no _time text: min/max(_time) read the row's time, count_uniq(_time) formats it
    GroupTable table = new GroupTable(stats("stats min(_time), max(_time), count_uniq(_time)"));
    table.add(new Row(Map.of(), 2_000_000_000L));
    table.add(new Row(Map.of(), 500_000_000L));
    table.add(new Row(Map.of(), 2_000_000_000L));
    ResultRow row = table.rows().getFirst();
    assertThat(row.value("min(_time)")).isEqualTo("1970-01-01T00:00:00.500Z");
    assertThat(row.value("max(_time)")).isEqualTo("1970-01-01T00:00:02Z");
    assertThat(row.value("count_uniq(_time)")).isEqualTo("2");
  }

  @Test
  void oneGroupPastTheLimitFailsWithAHowToNarrow() {
    GroupTable table = new GroupTable(stats("stats count() by (id)"));
    for (int index = 0; index < QueryLimits.MAX_STATS_GROUPS; index++) {
      table.add(new Row(Map.of("id", Integer.toString(index)), index));
    }
    LoupeException failure =
        catchThrowableOfType(
            LoupeException.class, () -> table.add(new Row(Map.of("id", "one more"), 0)));
    assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(failure.getMessage())
        .contains("more than 100000 groups of [id]", "group by fewer fields", "narrow the query");
  }

  @Test
  void groupsAndDistinctValuesAreReservedAndAMergedTableGivesBackWhatIsNotKept() {
    PipeStats pipe = stats("stats count_uniq(user) by (g)");
    MemoryBudget memory = new MemoryBudget(64L << 20);
    GroupTable total = new GroupTable(pipe, memory);
    GroupTable part = new GroupTable(pipe, memory);
    for (int index = 0; index < 1000; index++) {
      Row row = new Row(Map.of("g", "g" + index % 2, "user", "user-" + index % 500), index);
      total.add(row);
      part.add(row);
    }
    total.settle();
    part.settle();
    long alone = total.retainedBytes();
    assertThat(alone).isGreaterThan(500 * 100L);
    assertThat(memory.usedBytes()).isEqualTo(2 * alone);

    total.merge(part); // the same values: nothing new is kept

    assertThat(total.retainedBytes()).isEqualTo(alone);
    assertThat(memory.usedBytes()).isEqualTo(alone);
  }

  @Test
  void aTableThatOutgrowsItsBudgetFailsNamingTheGroups() {
    MemoryBudget memory = new MemoryBudget(1L << 20);
    GroupTable table = new GroupTable(stats("stats count_uniq(user) by (g)"), memory);
    LoupeException failure =
        catchThrowableOfType(
            LoupeException.class,
            () -> {
              for (int index = 0; index < 100_000; index++) {
                table.add(new Row(Map.of("g", "x", "user", "user-" + index), index));
              }
            });
    assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(failure.getMessage())
        .contains("memory budget of 1 MiB", "stats groups of [g]", "--query-memory");
  }
}
