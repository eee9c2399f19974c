package dev.loupe.query.exec;

import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Stream;
import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.storage.Block;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CombinedBlockTest {

  @Test
  void readsEachColumnFromTheDecodingThatHasIt() {
    Stream api = stream("api");
    InMemoryBlock rows =
        InMemoryBlock.of(record(api, 1, "one", "level", "info"), record(api, 2, "two"));
    Block combined = new CombinedBlock(rows.read(Set.of("_msg")), rows.read(Set.of("level")));
    assertThat(combined.rowCount()).isEqualTo(2);
    assertThat(combined.timeNanos(1)).isEqualTo(2);
    assertThat(combined.value("_msg", 0)).isEqualTo("one");
    assertThat(combined.value("level", 0)).isEqualTo("info");
    assertThat(combined.value("level", 1)).isNull();
    assertThat(combined.columnNames()).containsExactlyInAnyOrder("_time", "_msg", "level");
    assertThat(combined.ref()).isSameAs(rows);
  }

  @Test
  void refusesDecodingsOfDifferentBlocks() {
    InMemoryBlock one = InMemoryBlock.of(record(stream("a"), 1, "x"));
    InMemoryBlock two = InMemoryBlock.of(record(stream("a"), 1, "x"), record(stream("a"), 2, "y"));
    assertThatThrownBy(() -> new CombinedBlock(one.read(null), two.read(null)))
        .isInstanceOf(IllegalStateException.class);
  }
}
