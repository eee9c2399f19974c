package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.storage.FileNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternRegistryTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T10:00:00Z"));
  private static final PatternConfig CONFIG =
      PatternConfig.defaults().withSaveInterval(Duration.ofHours(1));

  @TempDir Path data;

  @Test
  void survivesARestartWithIdsTemplatesCountsAndSamples() {
    String loginId;
    String diskId;
    long created;
    try (PatternRegistry registry = PatternRegistry.open(data, CONFIG, CLOCK)) {
      loginId = registry.observe("default", "user alice logged in from 10.0.0.1", 100);
      registry.observe("default", "user bob logged in from 10.0.0.2", 200);
      diskId = registry.observe("default", "disk sda is 91% full", 150);
      created = registry.createdNanos();
    }
    assertThat(data.resolve(FileNames.PATTERNS)).exists();

    try (PatternRegistry reopened =
        PatternRegistry.open(data, CONFIG, InstantSource.fixed(Instant.EPOCH))) {
      assertThat(reopened.createdNanos()).isEqualTo(created);
      PatternInfo login = reopened.pattern(loginId);
      assertThat(login.template()).isEqualTo("user <*> logged in from <*>");
      assertThat(login.count()).isEqualTo(2);
      assertThat(login.firstSeenNanos()).isEqualTo(100);
      assertThat(login.lastSeenNanos()).isEqualTo(200);
      assertThat(login.samples())
          .containsExactly(
              "user alice logged in from 10.0.0.1", "user bob logged in from 10.0.0.2");
      // The restored tree still routes new lines of the kind to the same pattern.
      assertThat(reopened.observe("default", "user carol logged in from 10.0.0.3", 300))
          .isEqualTo(loginId);
      assertThat(reopened.pattern(loginId).count()).isEqualTo(3);
      assertThat(reopened.observe("default", "disk sdb is 93% full", 400)).isEqualTo(diskId);
      assertThat(reopened.patterns()).extracting(PatternInfo::id).containsExactly(loginId, diskId);
    }
  }

  @Test
  void saveWritesOnlyWhenChangedAndAtomically() throws Exception {
    try (PatternRegistry registry = PatternRegistry.open(data, CONFIG, CLOCK)) {
      registry.observe("default", "hello world", 1);
      registry.save();
      Path file = data.resolve(FileNames.PATTERNS);
      long written = Files.getLastModifiedTime(file).toMillis();
      byte[] before = Files.readAllBytes(file);
      registry.save();
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
      assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(written);
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files.map(path -> path.getFileName().toString()).toList())
            .containsExactly(FileNames.PATTERNS);
      }
    }
  }

  @Test
  void aCorruptFileIsSetAsideAndMiningStartsAfresh() throws Exception {
    String id;
    try (PatternRegistry registry = PatternRegistry.open(data, CONFIG, CLOCK)) {
      id = registry.observe("default", "cache miss for key 42", 1);
    }
    Path file = data.resolve(FileNames.PATTERNS);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);

    try (PatternRegistry reopened = PatternRegistry.open(data, CONFIG, CLOCK)) {
      assertThat(reopened.size()).isZero();
      // Ids are derived from templates: the same kind of line gets its old id back.
      assertThat(reopened.observe("default", "cache miss for key 7", 2)).isEqualTo(id);
    }
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(path -> path.getFileName().toString()).toList())
          .anyMatch(name -> name.startsWith(FileNames.PATTERNS + ".corrupt-"));
    }
  }

  @Test
  void capAppliesOnRestoreToo() {
    try (PatternRegistry registry = PatternRegistry.open(data, CONFIG, CLOCK)) {
      registry.observe("default", "alpha happened", 1);
      registry.observe("default", "beta went wrong badly", 2);
      registry.observe("default", "gamma is fine now ok thanks", 3);
    }
    try (PatternRegistry small = PatternRegistry.open(data, CONFIG.withMaxPatterns(2), CLOCK)) {
      assertThat(small.size()).isEqualTo(2);
    }
  }

  @Test
  void anEvictedPatternsTemplateIsAPlaceholderNamingItsId() {
    try (PatternRegistry registry = PatternRegistry.inMemory(CONFIG.withMaxPatterns(1), CLOCK)) {
      String first = registry.observe("default", "alpha happened", 1);
      String second = registry.observe("default", "beta went wrong badly", 2);
      assertThat(registry.evictions()).isEqualTo(1);
      assertThat(registry.pattern(first)).isNull();
      assertThat(registry.template(first)).isEqualTo("(evicted pattern " + first + ")");
      assertThat(registry.template(second)).isEqualTo("beta went wrong badly");
    }
  }

  @Test
  void inMemoryRegistryWritesNothingAndListsByTenant() {
    try (PatternRegistry registry = PatternRegistry.inMemory(CONFIG, CLOCK)) {
      String a = registry.observe("a", "job done", 1);
      String b = registry.observe("b", "job done", 1);
      registry.save();
      assertThat(registry.patterns("a")).extracting(PatternInfo::id).containsExactly(a);
      assertThat(registry.patterns("b")).extracting(PatternInfo::id).containsExactly(b);
      assertThat(registry.template(a)).isEqualTo("job done");
      assertThat(registry.template("p000000000000")).isEqualTo("(evicted pattern p000000000000)");
      assertThat(registry.template("not an id")).isNull();
      assertThat(registry.tokens("took 12 ms")).isEqualTo(List.of("took", "<*>"));
    }
  }
}
