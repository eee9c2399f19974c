package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterExistsTest {

  @Test
  void matchesRowsWithANonEmptyValue() {
    Stream api = stream("api");
    InMemoryBlock rows =
        InMemoryBlock.of(
            record(api, 1, "set", "trace_id", "abc"),
            record(api, 2, "empty", "trace_id", ""),
            record(api, 3, "missing"));
    assertThat(matchingMessages(new FilterExists("trace_id"), rows)).containsExactly("set");
    assertThat(matchingMessages(new FilterNot(new FilterExists("trace_id")), rows))
        .containsExactly("empty", "missing");
    assertThat(new FilterExists("trace_id").verdict(rows)).isEqualTo(BlockVerdict.SOME_ROWS);
  }

  @Test
  void skipsBlocksWithoutTheColumn() {
    assertThat(new FilterExists("trace_id").verdict(block("api", "a")))
        .isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterExists(FieldNames.TIME).verdict(block("api", "a")))
        .isEqualTo(BlockVerdict.ALL_ROWS);
    assertThat(new FilterExists(FieldNames.STREAM).verdict(block("api", "a")))
        .isEqualTo(BlockVerdict.ALL_ROWS);
  }

  @Test
  void readsItsColumn() {
    Set<String> columns = new HashSet<>();
    new FilterExists("trace_id").collectColumns(columns);
    assertThat(columns).containsExactly("trace_id");
  }
}
