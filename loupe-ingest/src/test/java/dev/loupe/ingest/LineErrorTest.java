package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineErrorTest {
  @Test
  void lineNumbersStartAtOne() {
    assertThat(new LineError(1, "x").line()).isEqualTo(1);
    assertThatThrownBy(() -> new LineError(0, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LineError(1, null)).isInstanceOf(NullPointerException.class);
  }
}
