package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaBackoffTest {
  @Test
  void doublesUpToTheMaximumAndStartsOverAfterAReset() {
    KafkaBackoff backoff = new KafkaBackoff(Duration.ofMillis(100), Duration.ofMillis(700));

    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(700));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(700));
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void boundsMustBeOrderedAndPositive() {
    assertThatThrownBy(() -> new KafkaBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KafkaBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
