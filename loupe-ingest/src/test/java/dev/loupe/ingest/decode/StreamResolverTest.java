package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Stream;
import dev.loupe.ingest.StreamCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamResolverTest {
  private final StreamCache streamCache = new StreamCache();

  @Test
  void sortsAndDeduplicatesLabelNames() {
    StreamResolver resolver =
        new StreamResolver("default", List.of("service", "host", "service", "app"), streamCache);

    assertThat(resolver.labelNames()).containsExactly("app", "host", "service");
  }

  @Test
  void resolvesToTheSameStreamAsStreamOfLeavingMissingLabelsOut() {
    StreamResolver resolver = new StreamResolver("t", List.of("service", "host"), streamCache);

    Stream stream = resolver.resolve(new String[] {null, "api"});

    assertThat(stream).isEqualTo(Stream.of("t", Map.of("service", "api")));
    assertThat(resolver.resolve(new String[] {null, null})).isEqualTo(Stream.of("t", Map.of()));
  }

  @Test
  void givesTheSameInstanceForEqualValuesEvenAfterTheCallerReusesItsArray() {
    StreamResolver resolver = new StreamResolver("t", List.of("host"), streamCache);
    String[] values = {"a"};
    Stream first = resolver.resolve(values);
    values[0] = "b";
    Stream second = resolver.resolve(values);
    values[0] = new String("a".toCharArray());

    Stream third = resolver.resolve(values);

    assertThat(second).isNotEqualTo(first);
    assertThat(third).isSameAs(first);
  }

  @Test
  void staysCorrectPastItsLocalBound() {
    StreamResolver resolver = new StreamResolver("t", List.of("id"), streamCache);

    for (int id = 0; id < StreamResolver.MAX_LOCAL_ENTRIES * 2 + 10; id++) {
      String value = Integer.toString(id % (StreamResolver.MAX_LOCAL_ENTRIES + 7));
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("id", value);
      assertThat(resolver.resolve(new String[] {value})).isEqualTo(Stream.of("t", labels));
    }
  }

  @Test
  void withoutLabelNamesEveryRecordHasTheEmptyStream() {
    StreamResolver resolver = new StreamResolver("t", List.of(), streamCache);

    assertThat(resolver.resolve(new String[0])).isEqualTo(Stream.of("t", Map.of()));
  }
}
