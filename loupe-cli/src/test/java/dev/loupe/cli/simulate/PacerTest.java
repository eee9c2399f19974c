package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacer on a fake wall clock: what it would sleep, and when it ticks. */
class PacerTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aLineWaitsUntilItsWallTimeInSlicesTickingBetween() throws Exception {
    AtomicLong wall = new AtomicLong(50 * SECOND);
    List<Long> sleeps = new ArrayList<>();
    List<Long> ticks = new ArrayList<>();
    Pacer pacer =
        new Pacer(
            1_000 * SECOND,
            10,
            wall::get,
            nanos -> {
              sleeps.add(nanos);
              wall.addAndGet(nanos);
            });

    // 2.5 simulated seconds at speed 10: due 0.25 s after the start
    pacer.await(1_000 * SECOND + 2_500_000_000L, ticks::add);

    assertThat(wall.get()).isEqualTo(50 * SECOND + 250_000_000L);
    assertThat(sleeps).containsExactly(100_000_000L, 100_000_000L, 50_000_000L);
    assertThat(ticks)
        .containsExactly(50 * SECOND, 50 * SECOND + 100_000_000L, 50 * SECOND + 200_000_000L);
  }

  @Test
  void aLineAlreadyDueOrNearlyDuePassesAtOnce() throws Exception {
    AtomicLong wall = new AtomicLong(0);
    List<Long> sleeps = new ArrayList<>();
    Pacer pacer = new Pacer(0, 1, wall::get, sleeps::add);
    wall.set(5 * SECOND);

    pacer.await(4 * SECOND, time -> {});
    pacer.await(5 * SECOND + Pacer.MIN_WAIT_MICROS * 1_000 - 1, time -> {});

    assertThat(sleeps).isEmpty();
    assertThat(pacer.dueNanos(7 * SECOND)).isEqualTo(7 * SECOND);
  }
}
