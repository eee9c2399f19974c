package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is the ground truth of pattern mining, so it is checked against what the world
 * actually writes: every template is written, every line matches its template, every variable
 * varies. The regular expressions are built here from the Loghub form ({@code <*>}), independently
 * of how the simulator renders.
 */
class TemplateCatalogTest {
  /** Lines of a template needed before its variables must show two values. */
  private static final int ENOUGH_TO_VARY = 30;

  @Test
  void everyTemplateIsWritten() {
    Set<String> written =
        Simulated.everyTemplate().stream()
            .map(line -> line.template().id())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> catalogue =
        TemplateCatalog.all().stream()
            .map(Template::id)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(written).isEqualTo(catalogue);
  }

  @Test
  void everyLineMatchesItsTemplate() {
    Map<Template, Pattern> patterns = new HashMap<>();
    for (Line line : Simulated.everyTemplate()) {
      Pattern pattern = patterns.computeIfAbsent(line.template(), TemplateCatalogTest::pattern);
      assertThat(pattern.matcher(line.content()).matches())
          .as("line of %s: %s", line.template().id(), line.content())
          .isTrue();
    }
  }

  @Test
  void everyLineMatchesItsEvent() {
    Map<Template, Pattern> patterns = new HashMap<>();
    for (Line line : Simulated.everyTemplate()) {
      Pattern pattern = patterns.computeIfAbsent(line.event(), TemplateCatalogTest::pattern);
      assertThat(pattern.matcher(line.content()).matches())
          .as("line of %s (event %s): %s", line.template().id(), line.event().id(), line.content())
          .isTrue();
    }
  }

  @Test
  void everyEventIsWrittenAndNoTwoAreTheSame() {
    Set<String> written =
        Simulated.everyTemplate().stream()
            .map(line -> line.event().id())
            .collect(Collectors.toCollection(TreeSet::new));
    List<Template> events = TemplateCatalog.events();

    assertThat(written)
        .isEqualTo(
            events.stream().map(Template::id).collect(Collectors.toCollection(TreeSet::new)));
    assertThat(events.stream().map(Template::eventTemplate).distinct().count())
        .isEqualTo(events.size());
  }

  @Test
  void requestLinesHaveOneEventAMethod() {
    assertThat(TemplateCatalog.access(Route.CHECKOUT, 503).event().eventTemplate())
        .isEqualTo("\"POST <*> HTTP/1.1\" <*> <*> \"<*>\" \"<*>\"");
    assertThat(TemplateCatalog.access(Route.HEALTH, 200).event())
        .isSameAs(TemplateCatalog.access(Route.PRODUCT, 404).event());
    assertThat(TemplateCatalog.GATEWAY_REQUEST.event("GET", "/", 200, 3).eventTemplate())
        .isEqualTo("GET <*> completed with status <*> in <*> ms");
    assertThat(TemplateCatalog.GATEWAY_UPSTREAM_ERROR.event("cart", 503, "POST", "/x", "t").id())
        .isEqualTo("gateway.upstream-error.post");
    assertThat(TemplateCatalog.SSHD_INVALID_USER.event("a", "b", "c"))
        .isSameAs(TemplateCatalog.SSHD_INVALID_USER);
    assertThatThrownBy(() -> TemplateCatalog.GATEWAY_REQUEST.event("PATCH", "/", 200, 3))
        .hasMessageContaining("no event for method = PATCH");
  }

  @Test
  void variablesVaryAndLiteralsDoNot() {
    assertVariablesVary(Line::template, TemplateCatalog.all().size());
  }

  @Test
  void eventVariablesVaryAndLiteralsDoNot() {
    assertVariablesVary(Line::event, TemplateCatalog.events().size());
  }

  private static void assertVariablesVary(
      java.util.function.Function<Line, Template> templateOf, int templateCount) {
    Map<Template, List<Set<String>>> values = new HashMap<>();
    Map<Template, Integer> counts = new HashMap<>();
    for (Line line : Simulated.everyTemplate()) {
      Template template = templateOf.apply(line);
      Matcher matcher = pattern(template).matcher(line.content());
      assertThat(matcher.matches()).isTrue();
      List<Set<String>> slots =
          values.computeIfAbsent(
              template,
              ignored -> {
                List<Set<String>> empty = new ArrayList<>();
                for (int slot = 0; slot < matcher.groupCount(); slot++) {
                  empty.add(new HashSet<>());
                }
                return empty;
              });
      for (int slot = 0; slot < matcher.groupCount(); slot++) {
        slots.get(slot).add(matcher.group(slot + 1));
      }
      counts.merge(template, 1, Integer::sum);
    }
    List<String> constant = new ArrayList<>();
    values.forEach(
        (template, slots) -> {
          if (counts.get(template) < ENOUGH_TO_VARY) {
            return;
          }
          for (int slot = 0; slot < slots.size(); slot++) {
            if (slots.get(slot).size() < 2) {
              constant.add(template.id() + " variable " + template.variables().get(slot));
            }
          }
        });

    assertThat(constant).as("variables that never vary should be literal text").isEmpty();
    assertThat(counts.values().stream().filter(count -> count >= ENOUGH_TO_VARY).count())
        .as("templates with enough lines to judge")
        .isGreaterThanOrEqualTo(templateCount * 2L / 3);
  }

  @Test
  void everyRouteAndStatusHasItsAccessTemplate() {
    for (Route route : Route.values()) {
      for (int status : route.allStatuses()) {
        Template template = TemplateCatalog.access(route, status);
        assertThat(template.id()).isEqualTo("access." + route.id() + "." + status);
        assertThat(template.eventTemplate()).startsWith("\"" + route.method() + " ");
        assertThat(template.source()).isEqualTo(Source.ACCESS);
      }
    }
  }

  @Test
  void eachServiceHasItsOwnBurstAndRegressionTemplates() {
    Set<String> texts = new HashSet<>();
    assertThat(TemplateCatalog.burstError(World.GATEWAY)).isNull();
    assertThat(TemplateCatalog.regression(World.GATEWAY)).isNull();
    for (World.Service service : World.SERVICES) {
      if (service == World.GATEWAY) {
        continue;
      }
      Template burst = TemplateCatalog.burstError(service);
      Template regression = TemplateCatalog.regression(service);
      assertThat(burst.id()).isEqualTo(service.name() + ".db-timeout");
      assertThat(burst.text()).contains(service.table()).contains(service.packageName());
      assertThat(regression.id()).isEqualTo(service.name() + ".regression");
      assertThat(texts.add(burst.eventTemplate())).isTrue();
      assertThat(texts.add(regression.eventTemplate())).isTrue();
    }
  }

  @Test
  void idsAreUniqueAndTemplatesDistinct() {
    List<Template> all = TemplateCatalog.all();
    assertThat(all.stream().map(Template::id).distinct().count()).isEqualTo(all.size());
    assertThat(all.stream().map(Template::eventTemplate).distinct().count()).isEqualTo(all.size());
    assertThat(TemplateCatalog.byId("sshd.failed-password"))
        .isSameAs(TemplateCatalog.SSHD_FAILED_PASSWORD);
  }

  /** Loghub's reading of a template: literal text, and {@code <*>} for any text. */
  static Pattern pattern(Template template) {
    String[] literals = template.eventTemplate().split(Pattern.quote(Template.WILDCARD), -1);
    String expression =
        java.util.Arrays.stream(literals)
            .map(literal -> literal.isEmpty() ? "" : Pattern.quote(literal))
            .collect(Collectors.joining("(.*?)"));
    return Pattern.compile(expression, Pattern.DOTALL);
  }
}
