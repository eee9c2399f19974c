package dev.loupe.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFilesTest {
  @Test
  void readsYamlRulesAndWritesThemBack() {
    String yaml =
        """
        rules:
          - name: checkout_errors
            query: 'service:checkout level:error'
            by: [service]
            window: 1m
          - name: bytes_p99
            aggregation: p99
            field: bytes
        """;
    List<MetricRule> rules = RuleFiles.parse(yaml, "rules.yaml");
    assertThat(rules).extracting(MetricRule::name).containsExactly("checkout_errors", "bytes_p99");
    assertThat(rules.get(0).windowMillis()).isEqualTo(60_000);
    assertThat(rules.get(1).aggregation()).isEqualTo("quantile(0.99)");
    assertThat(RuleFiles.parse(RuleFiles.toYaml(rules), "again")).isEqualTo(rules);
  }

  @Test
  void aSingleJsonRuleIsARuleToo() {
    assertThat(RuleFiles.parse("{\"name\":\"m\",\"query\":\"error\"}", "body"))
        .extracting(MetricRule::query)
        .containsExactly("error");
  }

  @Test
  void errorsNameTheSourceAndTheRule() {
    assertThatThrownBy(
            () ->
                RuleFiles.parse(
                    "rules:\n  - name: ok\n  - name: bad\n    window: 10q\n", "rules.yaml"))
        .hasMessageContaining("rules.yaml: rule 2")
        .hasMessageContaining("bad duration");
    assertThatThrownBy(
            () -> RuleFiles.parse("rules:\n  - name: x\n    colour: red\n", "rules.yaml"))
        .hasMessageContaining("rules.yaml: rule 1")
        .hasMessageContaining("colour");
  }
}
