package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipeFieldsTest {

  @Test
  void keepsTheNamedFieldsInTheOrderNamed() {
    assertThat(PipeTesting.run("status:404 OR a4 | fields latency, _msg, missing", 10))
        .containsExactly("latency=20 _msg=a4", "_msg=w2");
  }

  @Test
  void checksItsArguments() {
    assertThatThrownBy(() -> new PipeFields(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeFields(List.of("a", "a"))).hasMessageContaining("duplicate");
  }
}
