package dev.loupe.analytics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three bodies carry an instance's group labels and its evidence, top patterns included. */
class NotificationBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FIRED = Instant.parse("2026-11-22T10:00:30Z").toEpochMilli();
  private static final Alert FIRING =
      new Alert(
          "errors_by_service",
          AlertState.FIRING,
          Map.of("alertname", "errors_by_service", "service", "payments", "team", "shop"),
          Map.of("summary", "payments failing"),
          23,
          FIRED - 30_000,
          FIRED,
          0,
          false,
          new Alert.Evidence(
              List.of("2026-11-22T10:00:29Z db timeout 1", "2026-11-22T10:00:28Z db timeout 0"),
              List.of(
                  new Alert.PatternCount("p1", "db timeout <*>\njava.sql.Exception", 20),
                  new Alert.PatternCount("p2", null, 3)),
              "http://loupe/#q=x"),
          Map.of("service", "payments"));

  @Test
  void theWebhookListsTopPatternsWithIdTemplateAndCount() throws Exception {
    JsonNode body =
        JSON.readTree(
            NotificationBodies.body(
                Receiver.Kind.WEBHOOK,
                Map.of("alertname", "errors_by_service"),
                List.of(FIRING),
                "http://loupe"));
    assertThat(body.at("/alerts/0/labels/service").asText()).isEqualTo("payments");
    JsonNode patterns = body.at("/alerts/0/evidence/patterns");
    assertThat(patterns).hasSize(2);
    assertThat(patterns.at("/0/id").asText()).isEqualTo("p1");
    assertThat(patterns.at("/0/template").asText()).isEqualTo("db timeout <*>\njava.sql.Exception");
    assertThat(patterns.at("/0/count").asLong()).isEqualTo(20);
    assertThat(patterns.at("/1/template").isNull()).isTrue();
    assertThat(body.at("/alerts/0/evidence/lines/0").asText()).endsWith("db timeout 1");
  }

  @Test
  void slackShowsTheGroupAndTheTopPatternsOnOneLineEach() throws Exception {
    JsonNode body =
        JSON.readTree(
            NotificationBodies.body(Receiver.Kind.SLACK, Map.of(), List.of(FIRING), "http://l"));
    assertThat(body.get("text").asText())
        .isEqualTo(":red_circle: FIRING errors_by_service {service=payments} (value 23)");
    assertThat(body.at("/blocks/0/text/text").asText())
        .contains("payments failing")
        .contains("*Top patterns*\n• 20× `db timeout <*> …`\n• 3× `p2`")
        .contains("<http://loupe/#q=x|Open in Loupe>");
  }

  @Test
  void alertmanagerGetsTheGroupInLabelsAndPatternsInAnAnnotation() throws Exception {
    JsonNode body =
        JSON.readTree(
            NotificationBodies.body(
                Receiver.Kind.ALERTMANAGER, Map.of(), List.of(FIRING), "http://l"));
    assertThat(body.at("/0/labels/service").asText()).isEqualTo("payments");
    assertThat(body.at("/0/annotations/patterns").asText())
        .isEqualTo("20× db timeout <*> …\n3× p2");
    assertThat(body.at("/0/annotations/evidence").asText()).contains("db timeout 0");
    assertThat(body.at("/0/annotations/summary").asText()).isEqualTo("payments failing");
  }
}
