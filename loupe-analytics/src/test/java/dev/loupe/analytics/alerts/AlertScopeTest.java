package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.query.lang.QueryParser;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertScopeTest {
  @Test
  void aGroupNarrowsTheQueryWithExactValues() {
    assertThat(AlertScope.query("level:error", Map.of("service", "api")))
        .isEqualTo("level:error service:=api");
    assertThat(AlertScope.query("*", Map.of("service", "api"))).isEqualTo("service:=api");
    assertThat(AlertScope.query("level:error", Map.of())).isEqualTo("level:error");
    TreeMap<String, String> two = new TreeMap<>(Map.of("service", "a b", "host", ""));
    String scoped = AlertScope.query("a OR b", two);
    assertThat(scoped).isEqualTo("(a OR b) host:=\"\" service:=\"a b\"");
    assertThat(QueryParser.parse(scoped).toString()).isEqualTo(scoped);
  }

  @Test
  void valuesWithQuotesAndKeywordsAreQuotedSoTheScopedQueryParsesBack() {
    String scoped = AlertScope.query("x", Map.of("user", "say \"hi\" OR not"));
    assertThat(QueryParser.parse(scoped).toString()).isEqualTo(scoped);
    assertThat(scoped).contains("user:=\"say \\\"hi\\\" OR not\"");
  }

  @ParameterizedTest
  @CsvSource({
    "service, service",
    "http.status, http_status",
    "_pattern, pattern",
    "_stream, stream",
    "x-request-id, x_request_id",
    "1st, f_1st",
    "___, field",
    "üser, ser",
  })
  void labelNamesAreWhatAlertmanagerAccepts(String field, String label) {
    assertThat(AlertScope.labelName(field)).isEqualTo(label).matches("[a-zA-Z][a-zA-Z0-9_]*");
  }
}
