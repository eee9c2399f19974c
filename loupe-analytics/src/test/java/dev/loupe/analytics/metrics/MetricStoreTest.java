package dev.loupe.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricStoreTest {
  private static final long DAY = 86_400_000L;
  private static final long START = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();

  @TempDir Path data;

  private static MetricStore.Frame frame(String rule, long start, double value) {
    MetricPoint point =
        new MetricPoint(start, start + 10_000, new TreeMap<>(Map.of("service", "api")), value);
    return new MetricStore.Frame(rule, 7, start + 10_000, List.of(point));
  }

  @Test
  void framesSurviveReopenAndAreFoundByRuleFingerprintAndTime() {
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      store.append(List.of(frame("a", START, 1), frame("b", START, 2)));
      store.append(List.of(frame("a", START + 10_000, 3)));
    }
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      assertThat(store.points("a", 7, START, START + 20_000))
          .extracting(MetricPoint::value)
          .containsExactly(1.0, 3.0);
      assertThat(store.points("a", 8, START, START + 20_000)).isEmpty();
      assertThat(store.points("a", 7, START + 10_000, START + 20_000))
          .extracting(MetricPoint::value)
          .containsExactly(3.0);
      assertThat(store.closedThrough("a", 7)).isEqualTo(START + 20_000);
      assertThat(store.latest("b", 7).get(0).labels()).containsEntry("service", "api");
      assertThat(store.framesRead()).isEqualTo(3);
    }
  }

  @Test
  void aTornTailIsCutAndAppendsContinueAfterTheLastGoodFrame() throws Exception {
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      store.append(List.of(frame("a", START, 1)));
      store.append(List.of(frame("a", START + 10_000, 2)));
    }
    Path file = onlyFile();
    long size = Files.size(file);
    try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
      channel.truncate(size - 3);
    }
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      assertThat(store.framesDropped()).isEqualTo(1);
      assertThat(store.points("a", 7, 0, Long.MAX_VALUE))
          .extracting(MetricPoint::value)
          .containsExactly(1.0);
      store.append(List.of(frame("a", START + 20_000, 5)));
    }
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      assertThat(store.framesDropped()).isZero();
      assertThat(store.points("a", 7, 0, Long.MAX_VALUE))
          .extracting(MetricPoint::value)
          .containsExactly(1.0, 5.0);
    }
  }

  @Test
  void aFlippedByteFailsTheChecksum() throws Exception {
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      store.append(List.of(frame("a", START, 1)));
    }
    Path file = onlyFile();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 2] ^= 0x40;
    Files.write(file, bytes);
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      assertThat(store.framesDropped()).isEqualTo(1);
      assertThat(store.points("a", 7, 0, Long.MAX_VALUE)).isEmpty();
    }
  }

  @Test
  void anotherFormatVersionIsRefusedWithTheFileName() throws Exception {
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(30))) {
      store.append(List.of(frame("a", START, 1)));
    }
    Path file = onlyFile();
    byte[] bytes = Files.readAllBytes(file);
    bytes[11] = 9;
    Files.write(file, bytes);
    assertThatThrownBy(() -> MetricStore.open(data, Duration.ofDays(30)))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining(file.getFileName().toString());
  }

  @Test
  void retentionDeletesWholeDaysOlderThanTheSetting() throws Exception {
    try (MetricStore store = MetricStore.open(data, Duration.ofDays(2))) {
      store.append(List.of(frame("a", START - 5 * DAY, 1)));
      store.append(List.of(frame("a", START, 2)));
      store.applyRetention(Instant.ofEpochMilli(START));
      assertThat(store.points("a", 7, 0, Long.MAX_VALUE))
          .extracting(MetricPoint::value)
          .containsExactly(2.0);
    }
    try (var files = Files.list(data.resolve(MetricStore.DIRECTORY))) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactly("points-20261122.lpm");
    }
  }

  private Path onlyFile() throws Exception {
    try (var files = Files.list(data.resolve(MetricStore.DIRECTORY))) {
      return files.filter(path -> path.toString().endsWith(".lpm")).findFirst().orElseThrow();
    }
  }
}
