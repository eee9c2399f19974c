package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRuleFilesTest {
  private static final String FILE =
      """
      rules:
        - name: payments_errors
          query: 'service:payments level:error'
          condition: '> 10'
          range: 1m
          for: 30s
          by: [host]
          labels: {team: payments}
        - name: new_errors
          kind: new_pattern
          query: 'level:error'
          warmup: 2h
          limit: 20
      """;

  @TempDir Path directory;

  @Test
  void readsADocumentAListOrOneRule() throws Exception {
    Path file = directory.resolve("alerts.yaml");
    Files.writeString(file, FILE);
    List<AlertRule> rules = AlertRuleFiles.readYaml(file);
    assertThat(rules).extracting(AlertRule::name).containsExactly("payments_errors", "new_errors");
    assertThat(rules.get(0).by()).containsExactly("host");
    assertThat(rules.get(0).holdFor()).isEqualTo("30s");
    assertThat(rules.get(0).labels()).isEqualTo(Map.of("team", "payments"));
    assertThat(rules.get(1).kind()).isEqualTo("new_pattern");
    assertThat(rules.get(1).warmup()).isEqualTo("2h");
    assertThat(rules.get(1).limit()).isEqualTo(20);

    assertThat(AlertRuleFiles.parse("[{name: a, query: x, condition: '> 1'}]", "body"))
        .extracting(AlertRule::name)
        .containsExactly("a");
    assertThat(AlertRuleFiles.parse("{\"name\":\"b\",\"query\":\"x\",\"condition\":\"> 1\"}", "b"))
        .extracting(AlertRule::name)
        .containsExactly("b");
    assertThat(AlertRuleFiles.parse("", "empty")).isEmpty();
  }

  @Test
  void writtenRulesReadBackEqual() throws Exception {
    List<AlertRule> rules = AlertRuleFiles.parse(FILE, "file");
    assertThat(AlertRuleFiles.parse(AlertRuleFiles.toYaml(rules), "yaml")).isEqualTo(rules);
    assertThat(AlertRuleFiles.parse(AlertRuleFiles.toJson(rules), "json")).isEqualTo(rules);
    assertThat(AlertRuleFiles.toJson(rules)).doesNotContain("\"by\" : [ ]").contains("\"for\"");
  }

  @Test
  void errorsNameTheFileTheRuleAndWhatIsWrong() throws Exception {
    Path file = directory.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        rules:
          - name: fine
            query: x
            condition: '> 1'
          - name: broken
            query: x
            condition: 'about 5'
        """);
    assertThatThrownBy(() -> AlertRuleFiles.readYaml(file))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith(file + ": rule 2 (broken): alert rule broken: condition 'about 5'");

    assertThatThrownBy(
            () -> AlertRuleFiles.parse("rules:\n  - name: t\n    query: x\n    treshold: 5\n", "f"))
        .hasMessageStartingWith("f: rule 1 (t): unknown key 'treshold'; the keys are [name,");
    assertThat(
            AlertRuleFiles.parse(
                "{name: s, query: x, condition: '> 1', source: api}", "listed by the API"))
        .extracting(AlertRule::name)
        .containsExactly("s");
    assertThatThrownBy(
            () ->
                AlertRuleFiles.parse(
                    "- {name: a, query: x, condition: '> 1'}\n- {name: a, query: y, condition: '> 2'}",
                    "f"))
        .hasMessage("f: rule 2: a second rule named a");
    assertThatThrownBy(() -> AlertRuleFiles.parse("rules: 5", "f"))
        .hasMessage("f: expected a list of alert rules under 'rules:'");
    assertThatThrownBy(() -> AlertRuleFiles.parse("rules: [", "f")).hasMessageStartingWith("f: ");
    assertThatThrownBy(() -> AlertRuleFiles.readYaml(directory.resolve("missing.yaml")))
        .hasMessageStartingWith(
            "cannot read alert rules file " + directory.resolve("missing.yaml"));
  }
}
