package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.TimeRange;
import dev.loupe.query.exec.PatternNames;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.query.testing.InMemorySnapshot;
import dev.loupe.query.testing.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PipePatternsTest {
  private static final PatternNames NAMES =
      Map.of("pa", "user <*> logged in", "pb", "disk <*> full")::get;

  /** Five lines of pattern pa, two of pb, one without a pattern (stored before mining). */
  private static List<InMemoryBlock> blocks() {
    var api = Records.stream("api");
    var web = Records.stream("web");
    return List.of(
        InMemoryBlock.of(
            Records.record(api, 1, "user a logged in", "_pattern", "pa", "level", "info"),
            Records.record(api, 2, "user b logged in", "_pattern", "pa", "level", "info"),
            Records.record(api, 3, "disk sda full", "_pattern", "pb", "level", "error"),
            Records.record(api, 4, "user c logged in", "_pattern", "pa", "level", "info")),
        InMemoryBlock.of(
            Records.record(web, 1, "user d logged in", "_pattern", "pa", "level", "info"),
            Records.record(web, 2, "disk sdb full", "_pattern", "pb", "level", "error"),
            Records.record(web, 3, "old line", "level", "info"),
            Records.record(web, 4, "user e logged in", "_pattern", "pa", "level", "info")));
  }

  @Test
  void groupsEveryMatchingRowByPatternMostFrequentFirstWithTemplates() {
    assertThat(run("* | patterns", NAMES))
        .containsExactly(
            "_pattern=pa hits=5 first=" + at(1) + " last=" + at(4) + " template=user <*> logged in",
            "_pattern=pb hits=2 first=" + at(2) + " last=" + at(3) + " template=disk <*> full",
            "_pattern= hits=1 first=" + at(3) + " last=" + at(3));
  }

  @Test
  void countsOnlyTheQuerysRowsAndTheirTimes() {
    assertThat(run("level:error | patterns", NAMES))
        .containsExactly(
            "_pattern=pb hits=2 first=" + at(2) + " last=" + at(3) + " template=disk <*> full");
    String range = "_time:[" + at(4) + ", " + at(9) + ")";
    assertThat(run(range + " | patterns | fields _pattern, first, last", NAMES))
        .containsExactly("_pattern=pa first=" + at(4) + " last=" + at(4));
  }

  @Test
  void withoutNamesShowsIdsCountsAndTimes() {
    assertThat(run("* | patterns | head 1", PatternNames.NONE))
        .containsExactly("_pattern=pa hits=5 first=" + at(1) + " last=" + at(4));
  }

  @Test
  void showsWhatTheNamesSayOfAnIdTheServerNoLongerKeeps() {
    PatternNames evicting = id -> id.equals("pa") ? "(evicted pattern pa)" : null;
    assertThat(run("* | patterns | fields _pattern, template", evicting))
        .containsExactly("_pattern=pa template=(evicted pattern pa)", "_pattern=pb", "_pattern=");
  }

  @Test
  void patternFilterSelectsOnePatternsLines() {
    assertThat(run("_pattern:pb | fields _msg", NAMES))
        .containsExactlyInAnyOrder("_msg=disk sda full", "_msg=disk sdb full");
  }

  @Test
  void worksAfterRowPipes() {
    assertThat(run("* | where level:info | patterns | fields _pattern, hits, template", NAMES))
        .containsExactly("_pattern=pa hits=5 template=user <*> logged in", "_pattern= hits=1");
  }

  @Test
  void expandsToAGroupedCountSortAndTemplateStep() {
    List<Pipe> expanded = new PipePatterns().expand();
    assertThat(expanded).hasSize(3);
    assertThat(expanded.get(0)).isInstanceOf(PipeStats.class);
    assertThat(expanded.get(1)).isInstanceOf(PipeSort.class);
    assertThat(expanded.get(2)).isEqualTo(new PipePatterns());
  }

  /** The time of the rows at {@code nanos}, as {@code first} and {@code last} print it. */
  private static String at(long nanos) {
    return dev.loupe.core.Timestamps.format(nanos);
  }

  private static List<String> run(String query, PatternNames names) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<ResultRow> rows = new ArrayList<>();
      new QueryExecutor(pool, 2)
          .withPatternNames(names)
          .run(
              new InMemorySnapshot(blocks()),
              QueryParser.parse(query),
              TimeRange.ALL,
              100,
              rows::add);
      return rows.stream().map(PipePatternsTest::text).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static String text(ResultRow row) {
    List<String> cells = new ArrayList<>();
    for (Field field : row.fields()) {
      cells.add(field.name() + "=" + field.value());
    }
    return String.join(" ", cells);
  }
}
