package dev.loupe.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleDocumentsTest {
  /** A rule of the test's own kind. */
  record Probe(String name, int limit) {}

  private static final RuleDocuments.Kind<Probe> KIND =
      new RuleDocuments.Kind<>("probes", Probe.class, List.of("name", "limit"), Probe::name);

  @TempDir Path directory;

  @Test
  void aDocumentMayBeUnderRulesABareListOrOneRuleAndTheListingSourceIsIgnored() {
    assertThat(RuleDocuments.parse("rules:\n  - {name: a, limit: 1}\n", "x", KIND))
        .containsExactly(new Probe("a", 1));
    assertThat(RuleDocuments.parse("[{\"name\":\"a\",\"limit\":1,\"source\":\"api\"}]", "x", KIND))
        .containsExactly(new Probe("a", 1));
    assertThat(RuleDocuments.parse("{name: b, limit: 2}", "x", KIND))
        .containsExactly(new Probe("b", 2));
    assertThat(RuleDocuments.parse("", "x", KIND)).isEmpty();
  }

  @Test
  void errorsNameWhereTheRuleAndWhatIsWrong() {
    assertThatThrownBy(() -> RuleDocuments.parse("rules: 3", "f.yaml", KIND))
        .isInstanceOf(LoupeException.class)
        .hasMessage("f.yaml: expected a list of probes under 'rules:'");
    assertThatThrownBy(() -> RuleDocuments.parse("[{name: a, limt: 1}]", "f.yaml", KIND))
        .hasMessage("f.yaml: rule 1 (a): unknown key 'limt'; the keys are [name, limit]");
    assertThatThrownBy(() -> RuleDocuments.parse("[{name: a}, {name: a}]", "f.yaml", KIND))
        .hasMessage("f.yaml: rule 2: a second rule named a");
    assertThatThrownBy(() -> RuleDocuments.parse("[a]", "f.yaml", KIND))
        .hasMessage("f.yaml: rule 1: a rule is a map of keys to values");
    assertThatThrownBy(() -> RuleDocuments.parse("[{name: a, limit: many}]", "f.yaml", KIND))
        .hasMessageStartingWith("f.yaml: rule 1 (a): ");
    assertThatThrownBy(() -> RuleDocuments.parse("rules: [", "f.yaml", KIND))
        .hasMessageStartingWith("f.yaml: ");
  }

  @Test
  void writeAtomicallyCreatesTheDirectoryAndLeavesNoTemporaryFile() throws Exception {
    Path file = directory.resolve("rules").resolve("rules.json");
    RuleDocuments.writeAtomically(file, "first");
    RuleDocuments.writeAtomically(file, "second");
    assertThat(Files.readString(file)).isEqualTo("second");
    assertThat(Files.list(file.getParent()).toList()).containsExactly(file);
  }
}
