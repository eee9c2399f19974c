package dev.loupe.query.exec;

import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.query.testing.InMemorySnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Which columns a block scan decodes, and what rows it produces. */
class BlockScanTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  private static final Stream API = stream("api");

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  private static InMemoryBlock rows() {
    return InMemoryBlock.of(
        record(API, 1, "user logged in", "level", "info", "user", "bob"),
        record(API, 2, "disk error", "level", "error"),
        record(API, 3, "alpha then beta", "level", "info"));
  }

  private static List<ResultRow> search(InMemoryBlock block, String query) {
    List<ResultRow> rows = new ArrayList<>();
    new QueryExecutor(POOL, 1)
        .search(
            new InMemorySnapshot(List.of(block)),
            QueryParser.parse(query),
            TimeRange.ALL,
            100,
            rows::add);
    return rows;
  }

  @Test
  void readsTheFilterColumnsFirstThenTheRestForMatches() {
    InMemoryBlock block = rows();
    List<ResultRow> found = search(block, "level:error");
    assertThat(found).hasSize(1);
    assertThat(found.getFirst().value("_msg")).isEqualTo("disk error");
    assertThat(block.readColumns()).hasSize(2);
    assertThat(block.readColumns().get(0)).containsExactly("level");
    assertThat(block.readColumns().get(1))
        .contains("_msg", "user")
        .doesNotContain("level", "_time");
  }

  @Test
  void aBlockWithoutMatchesCostsOnlyTheFilterColumns() {
    InMemoryBlock block = rows();
    assertThat(search(block, "\"beta then\"")).isEmpty();
    assertThat(block.readColumns()).containsExactly(Set.of("_msg"));
  }

  @Test
  void readsWholeBlocksAtOnceWhenRowsNeedNoEvaluation() {
    InMemoryBlock everything = rows();
    assertThat(search(everything, "*")).hasSize(3);
    assertThat(everything.readColumns()).containsExactly((Set<String>) null);

    InMemoryBlock ofStream = rows();
    assertThat(search(ofStream, "_stream:api")).hasSize(3);
    assertThat(ofStream.readColumns()).containsExactly((Set<String>) null);
  }

  @Test
  void aNegationReadsItsColumns() {
    InMemoryBlock block = rows();
    assertThat(search(block, "-level:info")).hasSize(1);
    assertThat(block.readColumns().getFirst()).containsExactly("level");
  }

  @Test
  void rowsListTimeStreamMessageThenTheOtherFieldsByName() {
    List<ResultRow> found = search(rows(), "bob");
    assertThat(found).hasSize(0);
    ResultRow row = search(rows(), "user:bob").getFirst();
    List<String> names = row.fields().stream().map(Field::name).toList();
    assertThat(names.subList(0, 3)).containsExactly("_time", "_stream", "_msg");
    List<String> rest = names.subList(3, names.size());
    String[] sorted = rest.toArray(String[]::new);
    Arrays.sort(sorted);
    assertThat(rest).containsExactly(sorted).contains("level", "user");
    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
    assertThat(row.value("_time")).isEqualTo("1970-01-01T00:00:00.000000001Z");
    assertThat(row.value("_stream")).isEqualTo("{service=\"api\"}");
    assertThat(row.value("user")).isEqualTo("bob");
    assertThat(row.timeNanos()).isEqualTo(1);
  }

  @Test
  void rowsOutsideTheRangeAreLeftOut() {
    List<ResultRow> rows = new ArrayList<>();
    new QueryExecutor(POOL, 1)
        .search(
            new InMemorySnapshot(List.of(rows())),
            QueryParser.parse("*"),
            new TimeRange(2, 3),
            100,
            rows::add);
    assertThat(rows).extracting(ResultRow::timeNanos).containsExactly(2L);
  }
}
