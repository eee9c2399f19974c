package dev.loupe.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuerySettingsTest {
  @Test
  void defaultsComeFromQueryLimits() {
    QuerySettings settings = QuerySettings.defaults();
    assertThat(settings.timeout()).isEqualTo(QueryLimits.DEFAULT_QUERY_TIMEOUT);
    assertThat(settings.memoryBytes()).isEqualTo(256L << 20);
    assertThat(settings.maxRows()).isEqualTo(QueryLimits.MAX_LIMIT);
  }

  @Test
  void withersChangeOneSetting() {
    QuerySettings settings =
        QuerySettings.defaults()
            .withTimeout(Duration.ofSeconds(5))
            .withMemoryBytes(8L << 20)
            .withMaxRows(50);
    assertThat(settings).isEqualTo(new QuerySettings(Duration.ofSeconds(5), 8L << 20, 50));
  }

  @Test
  void nonsenseIsRefusedSayingWhy() {
    QuerySettings defaults = QuerySettings.defaults();
    assertThatThrownBy(() -> defaults.withTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("timeout must not be negative");
    assertThatThrownBy(() -> defaults.withMemoryBytes(1000))
        .hasMessageContaining("memoryBytes must be at least 1048576 (1 MiB)");
    assertThatThrownBy(() -> defaults.withMaxRows(0))
        .hasMessageContaining("maxRows must be positive");
  }
}
