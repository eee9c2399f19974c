package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFlatTest {
  @Test
  void flattensNestedObjectsWithDots() {
    Map<String, String> values =
        JsonFlat.parse(
            "{\"_status\":{\"rows\":5,\"duration_ms\":1.25,\"inner\":{\"x\":true}},\"after\":\"a\"}");

    assertThat(values)
        .containsEntry("_status.rows", "5")
        .containsEntry("_status.duration_ms", "1.25")
        .containsEntry("_status.inner.x", "true")
        .containsEntry("after", "a");
  }

  @Test
  void skipsArrays() {
    Map<String, String> values =
        JsonFlat.parse(
            "{\"accepted\":3,\"errors\":[{\"line\":1,\"reason\":\"bad\"}],\"rejected\":1}");

    assertThat(values).containsOnlyKeys("accepted", "rejected");
    assertThat(JsonFlat.number(values, "rejected")).isEqualTo(1);
  }

  @Test
  void failsOnWhatIsNotJson() {
    assertThatThrownBy(() -> JsonFlat.parse("{\"open\":")).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> JsonFlat.number(Map.of(), "hits"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hits");
  }
}
