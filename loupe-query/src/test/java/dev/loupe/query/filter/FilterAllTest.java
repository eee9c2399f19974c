package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.block;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.query.testing.InMemoryBlock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterAllTest {

  @Test
  void matchesEveryRowWithoutReadingAColumn() {
    InMemoryBlock rows = block("api", "a", "b");
    assertThat(matchingMessages(new FilterAll(), rows)).containsExactly("a", "b");
    assertThat(new FilterAll().verdict(rows)).isEqualTo(BlockVerdict.ALL_ROWS);
    Set<String> columns = new HashSet<>();
    new FilterAll().collectColumns(columns);
    assertThat(columns).isEmpty();
  }
}
