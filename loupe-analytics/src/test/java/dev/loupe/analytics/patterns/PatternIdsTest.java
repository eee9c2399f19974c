package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatternIdsTest {
  @Test
  void stableAcrossRunsAndShapedAsIds() {
    // Frozen: ids are stored with every line forever, so the hash must never change.
    assertThat(PatternIds.of("default", "user <*> logged in", 0))
        .isEqualTo(PatternIds.of("default", "user <*> logged in", 0));
    assertThat(PatternIds.isId(PatternIds.of("default", "x", 0))).isTrue();
    assertThat(PatternIds.isId("p12345")).isFalse();
  }

  @Test
  void tenantAndAttemptChangeTheId() {
    String base = PatternIds.of("default", "user <*> logged in", 0);
    assertThat(PatternIds.of("other", "user <*> logged in", 0)).isNotEqualTo(base);
    assertThat(PatternIds.of("default", "user <*> logged in", 1)).isNotEqualTo(base);
  }

  @Test
  void noCollisionsAmongManyTemplates() {
    Set<String> ids = new HashSet<>();
    for (int index = 0; index < 100_000; index++) {
      ids.add(PatternIds.of("default", "template number " + index, 0));
    }
    assertThat(ids).hasSize(100_000);
  }
}
