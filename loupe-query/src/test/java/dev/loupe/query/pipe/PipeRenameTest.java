package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipeRenameTest {

  @Test
  void renamesInPlaceAndLeavesRowsWithoutTheFieldAlone() {
    assertThat(PipeTesting.run("service:web | fields _msg, latency | rename latency as ms", 10))
        .containsExactly("_msg=w4 ms=1e3", "_msg=w3 ms=7", "_msg=w2", "_msg=w1 ms=5");
  }

  @Test
  void replacesAnExistingFieldOfTheNewNameAndAppliesInOrder() {
    assertThat(
            PipeTesting.run(
                "* | fields _msg, status, latency | rename latency as status, status as s | head 2",
                10))
        .containsExactlyInAnyOrder("_msg=w4 s=1e3", "_msg=a4 s=20");
  }

  @Test
  void renamedFieldsFeedStatsAndWhere() {
    assertThat(
            PipeTesting.run(
                "* | rename status as code | where code:>=500 | stats count() as n by (code)", 10))
        .containsExactly("code=500 n=2", "code=503 n=1");
  }

  @Test
  void checksItsArguments() {
    assertThatThrownBy(() -> new PipeRename(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeRename.Rename("", "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
