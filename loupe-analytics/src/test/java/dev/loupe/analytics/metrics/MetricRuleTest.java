package dev.loupe.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricRuleTest {
  @Test
  void missingPartsTakeDefaults() {
    MetricRule rule = new MetricRule("m", null, null, null, null, null, null, null);
    assertThat(rule.query()).isEqualTo("*");
    assertThat(rule.aggregation()).isEqualTo("count");
    assertThat(rule.window()).isEqualTo("10s");
    assertThat(rule.tenant()).isEqualTo("default");
    assertThat(rule.by()).isEmpty();
    assertThat(rule.windowMillis()).isEqualTo(10_000);
  }

  @Test
  void theFingerprintFollowsTheDefinitionNotTheDescription() {
    MetricRule one = new MetricRule("m", "a", null, null, List.of("x"), "1m", null, "one");
    MetricRule two = new MetricRule("m", "a", null, null, List.of("x"), "60s", null, "two");
    MetricRule other = new MetricRule("m", "b", null, null, List.of("x"), "1m", null, "one");
    assertThat(one.fingerprint()).isEqualTo(two.fingerprint()).isNotEqualTo(other.fingerprint());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "bad-name; *; count; ; 10s; not valid",
        "m; a | head 1; count; ; 10s; without pipes",
        "m; *; sum; ; 10s; needs a numeric field",
        "m; *; p200x; bytes; 10s; unknown aggregation",
        "m; *; count; ; 10x; bad duration",
        "m; *; count; ; 2d; between 1s and 1d",
        "m; level:(; count; ; 10s; metric rule m: query: syntax error at position 7",
      })
  void badRulesAreRefusedSayingWhy(
      String name, String query, String aggregation, String field, String window, String message) {
    assertThatThrownBy(
            () -> new MetricRule(name, query, aggregation, field, List.of(), window, null, null))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining(message);
  }
}
