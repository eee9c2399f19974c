package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static Template app(String text) {
    return new Template("test.template", Source.APP, "info", text);
  }

  @Test
  void variablesBecomeWildcardsAndValuesFillThemInOrder() {
    Template template = app("order {order} placed with {count} items");

    assertThat(template.variables()).containsExactly("order", "count");
    assertThat(template.eventTemplate()).isEqualTo("order <*> placed with <*> items");
    assertThat(template.render("o-1", 3)).isEqualTo("order o-1 placed with 3 items");
  }

  @Test
  void variablesAtTheEdgesAndInsideWords() {
    Template template = app("{user} took {millis}ms");

    assertThat(template.eventTemplate()).isEqualTo("<*> took <*>ms");
    assertThat(template.render("u_1", 42)).isEqualTo("u_1 took 42ms");
    assertThat(app("no variables").render()).isEqualTo("no variables");
  }

  @Test
  void theValueCountMustMatch() {
    assertThatThrownBy(() -> app("a {b} c").render())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 1 variables [b], got 0 values");
  }

  @Test
  void touchingVariablesAreRefused() {
    assertThatThrownBy(() -> app("{first}{second}"))
        .hasMessageContaining("variables first and second touch");
  }

  @Test
  void badBracesAndWildcardsAreRefused() {
    for (String text : List.of("a {Upper} b", "a { b", "a {b", "a } b", "a <*> b", "a {} b")) {
      assertThatThrownBy(() -> app(text)).as(text).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new Template("Bad Id", Source.APP, "info", "x"))
        .hasMessageContaining("template id");
  }
}
