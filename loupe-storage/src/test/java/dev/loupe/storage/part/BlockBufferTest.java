package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BlockBufferTest {
  private static final Stream STREAM = Stream.of("default", Map.of("service", "api"));

  @Property(tries = 500)
  void utf8LengthMatchesTheEncoder(@ForAll String text) {
    assertThat(BlockBuffer.utf8Length(text))
        .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void splitsRowsIntoColumns() {
    BlockBuffer buffer = new BlockBuffer();
    buffer.add(new LogRecord(STREAM, 1, "a", List.of(new Field("x", "1"))));
    buffer.add(new LogRecord(STREAM, 2, "b", List.of(new Field("y", "2"), new Field("x", "3"))));
    buffer.add(new LogRecord(STREAM, 3, "c", List.of()));
    assertThat(buffer.rowCount()).isEqualTo(3);
    assertThat(buffer.activeColumns()).extracting(column -> column.name).containsExactly("x", "y");
    BlockBuffer.FieldColumn x = buffer.activeColumns().get(0);
    assertThat(x.count).isEqualTo(2);
    assertThat(x.rows).startsWith(0, 1);
    assertThat(x.values).startsWith("1", "3");
    assertThat(buffer.textBytes()).isEqualTo(3 * 8 + 3 + (1 + 1) * 3);
  }

  @Test
  void theFirstOfTwoSameNamedFieldsWins() {
    BlockBuffer buffer = new BlockBuffer();
    buffer.add(
        new LogRecord(STREAM, 1, "", List.of(new Field("x", "first"), new Field("x", "second"))));
    BlockBuffer.FieldColumn x = buffer.activeColumns().get(0);
    assertThat(x.count).isEqualTo(1);
    assertThat(x.values[0]).isEqualTo("first");
  }

  @Test
  void clearStartsAnEmptyBlock() {
    BlockBuffer buffer = new BlockBuffer();
    for (int i = 0; i < 100; i++) {
      buffer.add(new LogRecord(STREAM, i, "m", List.of(new Field("x", "v"))));
    }
    buffer.clear();
    assertThat(buffer.rowCount()).isZero();
    assertThat(buffer.activeColumns()).isEmpty();
    assertThat(buffer.textBytes()).isZero();
  }
}
