package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping of instances, waits, deduplication, retries: against a real receiver on loopback. */
class NotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Alert alert(String rule, String service, AlertState state) {
    return new Alert(
        rule,
        state,
        Map.of("alertname", rule, "service", service),
        Map.of(),
        1,
        0,
        1_000,
        state == AlertState.RESOLVED ? 2_000 : 0,
        false,
        new Alert.Evidence(List.of(), List.of(), "http://loupe/#q=x"),
        Map.of("service", service));
  }

  private static Notifier notifier(LoopbackReceiver receiver, Duration wait, Duration interval) {
    return new Notifier(
        new Notifier.Settings(
            List.of(Receiver.parse("webhook=" + receiver.url("/hook"))),
            List.of("alertname"),
            wait,
            interval,
            3,
            Duration.ofMillis(1),
            "http://loupe"));
  }

  @Test
  void instancesOfOneRuleGoTogetherAfterTheGroupWaitAndEachKeepsItsLatestChange() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      Notifier notifier = notifier(receiver, Duration.ofSeconds(10), Duration.ofMinutes(1));
      notifier.submit(alert("errors", "api", AlertState.FIRING), 0);
      notifier.submit(alert("errors", "db", AlertState.FIRING), 5_000);
      notifier.submit(alert("other", "api", AlertState.FIRING), 5_000);
      notifier.dispatchDue(9_999);
      assertThat(receiver.requests()).isEmpty();

      notifier.dispatchDue(10_000); // the errors group waited 10 s; other not yet
      assertThat(receiver.requests()).hasSize(1);
      JsonNode body = JSON.readTree(receiver.requests().get(0).body());
      assertThat(body.get("groupLabels")).isEqualTo(JSON.readTree("{\"alertname\":\"errors\"}"));
      assertThat(body.get("alerts"))
          .extracting(alert -> alert.at("/labels/service").asText())
          .containsExactly("api", "db");

      notifier.submit(alert("errors", "api", AlertState.RESOLVED), 20_000);
      notifier.dispatchDue(69_999); // within the group interval
      assertThat(receiver.requests()).hasSize(2); // other's first notification went at 15 s
      notifier.dispatchDue(70_000);
      assertThat(receiver.requests()).hasSize(3);
      JsonNode resolved = JSON.readTree(receiver.requests().get(2).body());
      assertThat(resolved.get("alerts")).hasSize(1);
      assertThat(resolved.at("/alerts/0/status").asText()).isEqualTo("resolved");
      assertThat(notifier.sent()).isEqualTo(3);
    }
  }

  @Test
  void aNotificationLikeTheGroupsLastIsDropped() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(0)) {
      Notifier notifier = notifier(receiver, Duration.ZERO, Duration.ZERO);
      notifier.submit(alert("errors", "api", AlertState.FIRING), 0);
      notifier.dispatchDue(0);
      notifier.submit(alert("errors", "api", AlertState.FIRING), 1_000);
      notifier.dispatchDue(1_000);
      assertThat(receiver.requests()).hasSize(1);
      assertThat(notifier.deduplicated()).isEqualTo(1);
      notifier.submit(alert("errors", "db", AlertState.FIRING), 2_000); // another instance
      notifier.dispatchDue(2_000);
      assertThat(receiver.requests()).hasSize(2);
    }
  }

  @Test
  void aReceiverThatKeepsFailingIsGivenUpAfterItsAttempts() {
    try (LoopbackReceiver receiver = new LoopbackReceiver(10)) {
      Notifier notifier = notifier(receiver, Duration.ZERO, Duration.ZERO);
      notifier.submit(alert("errors", "api", AlertState.FIRING), 0);
      notifier.dispatchDue(0);
      assertThat(receiver.requests()).hasSize(3);
      assertThat(notifier.failed()).isEqualTo(1);
      assertThat(notifier.sent()).isZero();
    }
  }
}
