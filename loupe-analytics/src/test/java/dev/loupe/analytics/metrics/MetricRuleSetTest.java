package dev.loupe.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricRuleSetTest {
  @TempDir Path data;

  @Test
  void builtInsThenApiThenFileAndApiRulesArePersisted() throws Exception {
    Path file = data.resolve("rules.yaml");
    Files.writeString(file, "rules:\n  - name: from_file\n    query: error\n");
    MetricRuleSet set = new MetricRuleSet(data, file, true);
    set.put(List.of(MetricRule.count("from_api", "warn", List.of(), "10s")));
    assertThat(set.entries())
        .extracting(entry -> entry.rule().name() + ":" + entry.source())
        .containsExactly(
            "loupe_lines_by_level:BUILTIN",
            "loupe_http_requests:BUILTIN",
            "loupe_errors_by_service:BUILTIN",
            "from_api:API",
            "from_file:FILE");
    assertThatThrownBy(() -> set.delete("from_file")).hasMessageContaining("rules file");
    assertThatThrownBy(() -> set.delete(BuiltInRules.HTTP_REQUESTS))
        .hasMessageContaining("built in");

    MetricRuleSet reopened = new MetricRuleSet(data, null, false);
    assertThat(reopened.rules()).extracting(MetricRule::name).containsExactly("from_api");
    assertThat(reopened.delete("from_api")).isTrue();
    assertThat(reopened.delete("from_api")).isFalse();
    assertThat(new MetricRuleSet(data, null, false).rules()).isEmpty();
  }

  @Test
  void aChangedFileIsReloadedAndABadOneLeavesTheRulesInForce() throws Exception {
    Path file = data.resolve("rules.yaml");
    Files.writeString(file, "rules:\n  - name: one\n");
    MetricRuleSet set = new MetricRuleSet(data, file, false);
    assertThat(set.reloadIfChanged()).isFalse();

    Files.writeString(file, "rules:\n  - name: one\n  - name: two\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    assertThat(set.reloadIfChanged()).isTrue();
    assertThat(set.rules()).extracting(MetricRule::name).containsExactly("one", "two");

    Files.writeString(file, "rules:\n  - name: one\n    window: nonsense\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-02T00:00:00Z")));
    assertThat(set.reloadIfChanged()).isFalse();
    assertThat(set.rules()).extracting(MetricRule::name).containsExactly("one", "two");
  }

  @Test
  void aBuiltInPostedAsItIsStaysBuiltInAndRevertsAnOverride() {
    MetricRuleSet set = new MetricRuleSet(data, null, true);
    MetricRule builtIn =
        BuiltInRules.all().stream()
            .filter(rule -> rule.name().equals(BuiltInRules.ERRORS_BY_SERVICE))
            .findFirst()
            .orElseThrow();
    MetricRule override =
        MetricRule.count(BuiltInRules.ERRORS_BY_SERVICE, "level:error", List.of("host"), "1m");
    set.put(List.of(override));
    assertThat(set.entries())
        .filteredOn(entry -> entry.rule().name().equals(BuiltInRules.ERRORS_BY_SERVICE))
        .singleElement()
        .extracting(MetricRuleSet.Entry::source)
        .isEqualTo(MetricRuleSet.Source.API);

    set.put(BuiltInRules.all()); // what a listing posted back holds
    assertThat(set.entries())
        .extracting(MetricRuleSet.Entry::source)
        .containsOnly(MetricRuleSet.Source.BUILTIN);
    assertThat(set.rules()).contains(builtIn);
    assertThat(new MetricRuleSet(data, null, false).rules()).isEmpty();
  }
}
