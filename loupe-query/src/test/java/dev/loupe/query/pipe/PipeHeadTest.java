package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipeHeadTest {

  @Test
  void keepsTheFirstRowsNewestFirst() {
    assertThat(PipeTesting.run("service:api | head 2 | fields _msg", 1000))
        .containsExactly("_msg=a4", "_msg=a3");
    assertThat(PipeTesting.run("service:api | limit 1 | fields _msg", 1000))
        .containsExactly("_msg=a4");
  }

  @Test
  void theRequestLimitStillApplies() {
    assertThat(PipeTesting.run("service:api | head 3", 2)).hasSize(2);
  }

  @Test
  void theSmallerOfTwoHeadsWins() {
    assertThat(PipeTesting.run("* | head 5 | head 2 | head 3", 1000)).hasSize(2);
  }

  @Test
  void checksItsCount() {
    assertThatThrownBy(() -> new PipeHead(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
