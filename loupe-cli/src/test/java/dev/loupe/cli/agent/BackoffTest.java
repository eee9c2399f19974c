package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsDoubleWithJitterUpToTheMaximum() {
    long seed =
        Long.getLong("loupe.test.seed", 20261122L); // fixed in CI; -Dloupe.test.seed=N explores
    Backoff backoff =
        new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new Random(seed));
    long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
    for (long ceiling : ceilings) {
      long wait = backoff.next().toMillis();
      assertThat(wait).as("seed %d", seed).isBetween(ceiling / 2, ceiling);
    }
    assertThat(backoff.failures()).isEqualTo(ceilings.length);
  }

  @Test
  void aSuccessStartsOver() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new Random(1));
    for (int failure = 0; failure < 10; failure++) {
      backoff.next();
    }
    backoff.reset();
    assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
  }

  @Test
  void theJitterSpreadsAgentsApart() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), new Random(7));
    long distinct = java.util.stream.Stream.generate(backoff::next).limit(50).distinct().count();
    assertThat(distinct).isGreaterThan(40);
  }
}
