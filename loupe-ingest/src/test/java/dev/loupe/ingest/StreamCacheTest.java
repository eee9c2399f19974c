package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StreamCacheTest {
  @Test
  void equalsStreamOfAndReturnsTheCachedInstance() {
    StreamCache cache = new StreamCache();
    Map<String, String> labels = Map.of("service", "api", "host", "web-1");

    Stream first = cache.get("default", labels);
    Stream second = cache.get("default", Map.of("host", "web-1", "service", "api"));

    assertThat(first).isEqualTo(Stream.of("default", labels));
    assertThat(first.canonicalLabels()).isEqualTo("{host=\"web-1\",service=\"api\"}");
    assertThat(second).isSameAs(first);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void tenantIsPartOfTheKeyAndOfTheId() {
    StreamCache cache = new StreamCache();

    Stream ofA = cache.get("a", Map.of("service", "api"));
    Stream ofB = cache.get("b", Map.of("service", "api"));

    assertThat(ofA.canonicalLabels()).isEqualTo(ofB.canonicalLabels());
    assertThat(ofA.id()).isNotEqualTo(ofB.id());
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void clearsWhenFullAndStaysCorrect() {
    StreamCache cache = new StreamCache(10);

    for (int id = 0; id < 35; id++) {
      Map<String, String> labels = Map.of("id", Integer.toString(id));
      assertThat(cache.get("t", labels)).isEqualTo(Stream.of("t", labels));
      assertThat(cache.size()).isBetween(1, 10);
    }
  }

  @Test
  void threadsAskingForTheSameStreamsGetEqualStreams() throws Exception {
    StreamCache cache = new StreamCache(50);
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Set<Stream>>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        results.add(
            pool.submit(
                () -> {
                  Set<Stream> seen = new HashSet<>();
                  for (int round = 0; round < 2000; round++) {
                    seen.add(cache.get("t", Map.of("id", Integer.toString(round % 80))));
                  }
                  return seen;
                }));
      }
      for (Future<Set<Stream>> result : results) {
        assertThat(result.get()).hasSize(80);
        assertThat(result.get()).isEqualTo(results.getFirst().get());
      }
    }
  }

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new StreamCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
