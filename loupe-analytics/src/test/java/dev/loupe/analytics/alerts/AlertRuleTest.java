package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRuleTest {
  private static AlertRule rule(
      String query,
      String metric,
      String kind,
      String condition,
      List<String> by,
      String warmup,
      Integer limit,
      Map<String, String> labels) {
    return new AlertRule(
        "r", query, metric, null, kind, condition, null, labels, null, null, by, warmup, limit);
  }

  @Test
  void defaultsAreFilledIn() {
    AlertRule threshold = rule("level:error", null, null, "> 5", null, null, null, null);
    assertThat(threshold.kind()).isEqualTo("threshold");
    assertThat(threshold.range()).isEqualTo("5m");
    assertThat(threshold.holdFor()).isEqualTo("0s");
    assertThat(threshold.tenant()).isEqualTo("default");
    assertThat(threshold.by()).isEmpty();
    assertThat(threshold.instanceLimit()).isEqualTo(1_000);
    assertThat(threshold.isSingle()).isTrue();
    assertThat(threshold.alertLabels()).containsExactly(Map.entry("alertname", "r"));
  }

  @Test
  void aNewPatternRuleWatchesEveryLineUnlessToldAndFiresOnAnyLine() {
    AlertRule pattern = rule(null, null, "new_pattern", null, null, "30m", null, null);
    assertThat(pattern.query()).isEqualTo("*");
    assertThat(pattern.condition()).isEqualTo("> 0");
    assertThat(pattern.isNewPattern()).isTrue();
    assertThat(pattern.isSingle()).isFalse();
    assertThat(pattern.warmupOr(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(30));
    assertThat(
            rule("x", null, "new_pattern", null, null, null, null, null)
                .warmupOr(Duration.ofHours(1)))
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void groupsMakeInstancesAndTheirLimitIsKept() {
    AlertRule grouped = rule("level:error", null, null, "> 1", List.of("service"), null, 7, null);
    assertThat(grouped.isSingle()).isFalse();
    assertThat(grouped.instanceLimit()).isEqualTo(7);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kind unknown           | level:error | -      | spike       | > 1 | -       | -    | -     | kind must be threshold, rate or new_pattern, not spike",
        "pattern with metric    | -           | errors | new_pattern | -   | -       | -    | -     | give a query (or none for all), not a metric",
        "warmup on threshold    | level:error | -      | threshold   | > 1 | -       | 10m  | -     | warmup applies to kind new_pattern only",
        "query and metric       | level:error | errors | threshold   | > 1 | -       | -    | -     | give exactly one of query",
        "pipes in query         | 'a | head 1' | -    | threshold   | > 1 | -       | -    | -     | the query must be a filter without pipes",
        "bad condition          | level:error | -      | threshold   | >>1 | -       | -    | -     | must look like '> 10'",
        "by _time               | level:error | -      | threshold   | > 1 | _time   | -    | -     | by cannot hold _time",
        "by a rule label        | level:error | -      | threshold   | > 1 | team    | -    | -     | gives the label team, which another label",
        "by alertname           | level:error | -      | threshold   | > 1 | alertname | -  | -     | gives the label alertname",
        "pattern by _pattern    | level:error | -      | new_pattern | -   | _pattern | -   | -     | gives the label pattern",
        "two fields, one label  | level:error | -      | threshold   | > 1 | a.b,a_b | -    | -     | gives the label a_b",
        "limit zero             | level:error | -      | threshold   | > 1 | service | -    | 0     | limit 0 must be from 1 to 10000",
        "limit too high         | level:error | -      | threshold   | > 1 | service | -    | 10001 | limit 10001 must be from 1 to 10000",
        "bad warmup             | level:error | -      | new_pattern | -   | -       | soon | -     | bad duration",
      })
  void badRulesAreRefusedSayingWhy(
      String name,
      String query,
      String metric,
      String kind,
      String condition,
      String by,
      String warmup,
      String limit,
      String message) {
    assertThatThrownBy(
            () ->
                rule(
                    dash(query),
                    dash(metric),
                    dash(kind),
                    dash(condition),
                    dash(by) == null ? null : List.of(by.split(",")),
                    dash(warmup),
                    dash(limit) == null ? null : Integer.valueOf(limit),
                    Map.of("team", "payments")))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("alert rule r")
        .hasMessageContaining(message);
  }

  @Test
  void holdsComparesWithTheConditionAndNeverOnNaN() {
    AlertRule rule = rule("x", null, null, ">= 2", null, null, null, null);
    assertThat(rule.holds(2)).isTrue();
    assertThat(rule.holds(1.5)).isFalse();
    assertThat(rule.holds(Double.NaN)).isFalse();
  }

  private static String dash(String text) {
    return text == null || text.equals("-") ? null : text;
  }
}
