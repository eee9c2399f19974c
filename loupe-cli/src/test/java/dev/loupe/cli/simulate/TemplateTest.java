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

  @Test
  void aTemplateIsItsOwnEventUnlessGivenOne() {
    Template plain = app("user {user} logged in");
    Template event = app("GET {path} answered");
    Template kind =
        new Template("kind.one", Source.APP, "warn", "GET /a answered").withEvent(event);

    assertThat(plain.event("alice")).isSameAs(plain);
    assertThat(plain.events()).containsExactly(plain);
    assertThat(kind.event()).isSameAs(event);
    assertThat(kind.level()).isEqualTo("warn");
    assertThat(kind.render()).isEqualTo("GET /a answered");
  }

  @Test
  void eventsByValueWriteTheValueIntoTheTemplate() {
    Template template =
        new Template("web.request", Source.APP, "info", "{method} {path} took {millis} ms")
            .withEventsBy("method", List.of("GET", "POST"));

    Template get = template.event("GET", "/a", 3);
    assertThat(get.id()).isEqualTo("web.request.get");
    assertThat(get.eventTemplate()).isEqualTo("GET <*> took <*> ms");
    assertThat(template.event("POST", "/b", 4).eventTemplate()).isEqualTo("POST <*> took <*> ms");
    assertThat(template.events())
        .extracting(Template::id)
        .containsExactly("web.request.get", "web.request.post");
    assertThat(template.render("GET", "/a", 3)).isEqualTo("GET /a took 3 ms");
    assertThatThrownBy(() -> template.event("PUT", "/c", 5))
        .hasMessageContaining("no event for method = PUT");
    assertThatThrownBy(() -> app("{a} and {b}").withEventsBy("c", List.of("x")))
        .hasMessageContaining("must have the variable c once");
  }
}
