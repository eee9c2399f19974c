package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PresenceBitmapTest {

  @Property(tries = 300)
  void scatterPutsValuesBackInTheirRows(@ForAll @Size(min = 1, max = 200) List<Boolean> present) {
    int rowCount = present.size();
    int[] rows = new int[rowCount];
    String[] values = new String[rowCount];
    int count = 0;
    for (int row = 0; row < rowCount; row++) {
      if (present.get(row)) {
        rows[count] = row;
        values[count++] = "v" + row;
      }
    }
    ByteSink sink = new ByteSink(4);
    PresenceBitmap.write(rows, count, rowCount, sink);
    assertThat(sink.size()).isEqualTo(PresenceBitmap.bytesFor(rowCount));
    PresenceBitmap.scatter(sink.array(), 0, rowCount, count, values);
    for (int row = 0; row < rowCount; row++) {
      assertThat(values[row]).isEqualTo(present.get(row) ? "v" + row : null);
    }
  }

  @Test
  void aBitmapThatDisagreesWithTheCountIsMalformed() {
    byte[] bitmap = {0b0000_0101};
    assertThatThrownBy(() -> PresenceBitmap.scatter(bitmap, 0, 8, 3, new String[8]))
        .isInstanceOf(MalformedPartException.class)
        .hasMessageContaining("marks 2 rows but the column has 3");
  }
}
