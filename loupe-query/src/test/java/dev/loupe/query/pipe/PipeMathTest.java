package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipeMathTest {

  @Test
  void computesWithPrecedenceAndLeavesNonNumbersOut() {
    assertThat(
            PipeTesting.run(
                "service:api | fields _msg, latency | math us = latency * 1000 + 1, m = latency % 7",
                10))
        .containsExactly(
            "_msg=a4 latency=20 us=20001 m=6",
            "_msg=a3 latency=abc",
            "_msg=a2 latency=30 us=30001 m=2",
            "_msg=a1 latency=10 us=10001 m=3");
  }

  @Test
  void parenthesesDivisionAndLaterAssignmentsSeeEarlierOnes() {
    assertThat(
            PipeTesting.run(
                "service:web status:200 | fields latency | math x = (latency + 1) / 4, y = x * 2",
                10))
        .containsExactly("latency=1e3 x=250.25 y=500.5", "latency=7 x=2 y=4");
  }

  @Test
  void divisionByZeroRemovesTheField() {
    assertThat(
            PipeTesting.run(
                "service:web | fields latency | math latency = latency / 0 | head 1", 10))
        .containsExactly("");
  }

  @Test
  void computedFieldsFeedWhereAndStats() {
    assertThat(
            PipeTesting.run(
                "* | fields service, latency | math ms = latency * 2 | where ms:>=20"
                    + " | stats sum(ms) as total by (service)",
                10))
        .containsExactly("service=api total=120", "service=web total=2000");
  }

  @Test
  void checksItsArguments() {
    assertThatThrownBy(() -> new PipeMath(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PipeMath.Literal("x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new PipeMath.Operation('^', new PipeMath.Literal("1"), new PipeMath.Literal("2")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
