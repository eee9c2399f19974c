package dev.loupe.query.filter;

import static dev.loupe.query.testing.FilterRows.matchingMessages;
import static dev.loupe.query.testing.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Stream;
import dev.loupe.query.filter.FilterStream.LabelMatcher;
import dev.loupe.query.filter.FilterStream.Operator;
import dev.loupe.query.testing.InMemoryBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterStreamTest {
  private static final InMemoryBlock API_WEB1 = blockOf(Map.of("service", "api", "host", "web-1"));

  private static InMemoryBlock blockOf(Map<String, String> labels) {
    return InMemoryBlock.of(record(Stream.of(Stream.DEFAULT_TENANT, labels), 1, "row"));
  }

  @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
  @CsvSource({
    "service, EQUAL, api, ALL_ROWS",
    "service, EQUAL, web, NO_ROWS",
    "service, NOT_EQUAL, web, ALL_ROWS",
    "host, MATCHES, web-.*, ALL_ROWS",
    "host, MATCHES, web, NO_ROWS",
    "host, NOT_MATCHES, db-.*, ALL_ROWS",
    "env, EQUAL, '', ALL_ROWS",
    "env, NOT_EQUAL, prod, ALL_ROWS",
    "env, MATCHES, .+, NO_ROWS",
  })
  void decidesEachBlockFromItsLabels(
      String label, Operator operator, String value, BlockVerdict expected) {
    FilterStream selector = new FilterStream(List.of(new LabelMatcher(label, operator, value)));
    assertThat(selector.verdict(API_WEB1)).isEqualTo(expected);
    boolean allRows = expected == BlockVerdict.ALL_ROWS;
    assertThat(matchingMessages(selector, API_WEB1)).hasSize(allRows ? 1 : 0);
  }

  @Test
  void everyMatcherMustHold() {
    FilterStream both =
        new FilterStream(
            List.of(
                new LabelMatcher("service", Operator.EQUAL, "api"),
                new LabelMatcher("host", Operator.MATCHES, "db-.*")));
    assertThat(both.verdict(API_WEB1)).isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterStream(List.of()).verdict(API_WEB1)).isEqualTo(BlockVerdict.ALL_ROWS);
  }

  @Test
  void parsesCanonicalLabelsWithEscapes() {
    Map<String, String> labels = Map.of("a", "x\"y", "b", "back\\slash", "c", "", "d", "p,q=\"r\"");
    assertThat(FilterStream.parseLabels(Stream.canonicalText(labels))).isEqualTo(labels);
    assertThat(FilterStream.parseLabels("{}")).isEmpty();
  }

  @Test
  void comparesByMatchers() {
    LabelMatcher matcher = new LabelMatcher("host", Operator.MATCHES, "web-.*");
    assertThat(new FilterStream(List.of(matcher)))
        .isEqualTo(new FilterStream(List.of(new LabelMatcher("host", Operator.MATCHES, "web-.*"))))
        .hasSameHashCodeAs(
            new FilterStream(List.of(new LabelMatcher("host", Operator.MATCHES, "web-.*"))))
        .isNotEqualTo(
            new FilterStream(List.of(new LabelMatcher("host", Operator.EQUAL, "web-.*"))));
  }
}
