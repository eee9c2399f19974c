package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiverTest {
  @ParameterizedTest
  @CsvSource({
    "webhook=http://127.0.0.1:8080/hook, WEBHOOK, http://127.0.0.1:8080/hook",
    "slack=https://hooks.slack.com/services/T/B/X, SLACK, https://hooks.slack.com/services/T/B/X",
    "alertmanager=http://am:9093, ALERTMANAGER, http://am:9093/api/v2/alerts",
    "alertmanager=http://am:9093/, ALERTMANAGER, http://am:9093/api/v2/alerts",
    "ALERTMANAGER=http://am:9093/api/v2/alerts, ALERTMANAGER, http://am:9093/api/v2/alerts",
  })
  void parses(String text, Receiver.Kind kind, String url) {
    Receiver receiver = Receiver.parse(text);
    assertThat(receiver.kind()).isEqualTo(kind);
    assertThat(receiver.url()).hasToString(url);
  }

  @ParameterizedTest
  @CsvSource({"http://x", "pager=http://x", "webhook=ftp://x", "webhook=x"})
  void refusesWithAnExample(String text) {
    assertThatThrownBy(() -> Receiver.parse(text)).hasMessageContaining("webhook=http://...");
  }
}
