package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request flows, seen in what they log. */
class FlowRequestTest {
  @Test
  void everyRequestThroughTheGatewayEndsInOneGatewayLineAndOneAccessLine() {
    List<Line> lines = Simulated.seconds(4, 1_000, 20);
    // requests still running at the end have not written their last lines yet
    long complete = Simulated.START_NANOS + 14_000_000_000L;
    Map<String, Integer> gatewayLines = new HashMap<>();
    Map<String, Integer> gatewayAnswers = new HashMap<>();
    Map<String, Integer> accessAnswers = new HashMap<>();
    for (Line line : lines) {
      if (line.timeNanos() >= complete) {
        break;
      }
      String answer = line.host() + " " + line.field("path") + " " + line.field("status");
      if (line.template() == TemplateCatalog.GATEWAY_REQUEST) {
        gatewayLines.merge(line.field("trace_id"), 1, Integer::sum);
        gatewayAnswers.merge(answer, 1, Integer::sum);
      } else if (line.source() == Source.ACCESS
          && !line.field("path").startsWith("/static/")
          && !line.field("path").equals("/health")) {
        accessAnswers.merge(answer, 1, Integer::sum);
      }
    }

    assertThat(gatewayLines)
        .hasSizeGreaterThan(2_000)
        .allSatisfy((trace, count) -> assertThat(count).isEqualTo(1));
    // the same requests, answered the same way, on the same edge host: nginx logs what the gateway
    // did
    int differences = 0;
    for (Map.Entry<String, Integer> answer : gatewayAnswers.entrySet()) {
      differences += Math.abs(answer.getValue() - accessAnswers.getOrDefault(answer.getKey(), 0));
    }
    assertThat(differences).as("requests cut at the window's edge").isLessThan(5);
  }

  @Test
  void aSlowServiceMakesTheGatewayAnswer504AfterItsTimeout() {
    List<Line> lines =
        Simulated.seconds(4, 1_000, 30, "latency-spike:service=search,at=0,for=30s,factor=1000");

    assertThat(
            lines.stream()
                .filter(line -> line.template() == TemplateCatalog.GATEWAY_UPSTREAM_TIMEOUT))
        .hasSizeGreaterThan(100)
        .allMatch(
            line ->
                line.content()
                    .startsWith("upstream search timed out after 5000 ms for GET /api/search?q="));
    long timedOut =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.access(Route.SEARCH, 504))
            .count();
    long answered =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.access(Route.SEARCH, 200))
            .count();
    assertThat(timedOut).isGreaterThan(100 * answered);
  }

  @Test
  void failingCallsBetweenServicesAreRetriedBeforeTheyFail() {
    List<Line> lines =
        Simulated.seconds(4, 1_000, 30, "error-burst:service=inventory,at=0,for=30s,rate=0.7");

    List<String> retries =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.SERVICE_RETRY)
            .map(Line::content)
            .toList();
    assertThat(retries)
        .hasSizeGreaterThan(50)
        .allMatch(content -> content.startsWith("call to inventory failed (attempt "))
        .anyMatch(content -> content.contains("(attempt 2 of 3)"));
    List<String> errors =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.GATEWAY_UPSTREAM_ERROR)
            .map(Line::content)
            .toList();
    // a few come from the everyday timeouts of other services
    assertThat(
            errors.stream()
                .filter(content -> content.startsWith("upstream inventory answered 503"))
                .count())
        .isGreaterThan(errors.size() * 9L / 10);
  }

  @Test
  void aPlacedOrderSendsItsConfirmationInTheSameTrace() {
    List<Line> lines = Simulated.seconds(4, 1_000, 60);
    Line placed =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.CHECKOUT_PLACED)
            .findFirst()
            .orElseThrow();
    String trace = placed.field("trace_id");
    String order = placed.field("order_id");

    assertThat(lines)
        .filteredOn(line -> trace.equals(line.field("trace_id")))
        .extracting(line -> line.template().id())
        .contains(
            "auth.token-valid",
            "checkout.started",
            "inventory.reserved",
            "payments.authorized",
            "checkout.placed",
            "gateway.request",
            "notifications.queued");
    assertThat(lines)
        .filteredOn(
            line ->
                line.template() == TemplateCatalog.NOTIFICATIONS_QUEUED
                    && trace.equals(line.field("trace_id")))
        .allMatch(line -> line.content().contains(order));
  }
}
