package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {
  @Test
  void eachWithChangesOnlyItsOwnSettings() {
    AnalyticsConfig defaults = AnalyticsConfig.defaults();
    AnalyticsConfig changed =
        defaults
            .withMetricsRulesFile(Path.of("rules.yaml"))
            .withReceivers(List.of("webhook=http://x/hook"), "http://loupe")
            .withAlertRulesFile(Path.of("alerts.yaml"))
            .withGrouping(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .withAlertInterval(Duration.ofSeconds(3));
    assertThat(changed.metricsRulesFile()).isEqualTo(Path.of("rules.yaml"));
    assertThat(changed.alertRulesFile()).isEqualTo(Path.of("alerts.yaml"));
    assertThat(changed.alertInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(defaults.alertRulesFile()).isNull();
    assertThat(changed.receivers()).containsExactly("webhook=http://x/hook");
    assertThat(changed.externalUrl()).isEqualTo("http://loupe");
    assertThat(changed.groupWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(changed.groupInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(changed.metricsRetention()).isEqualTo(defaults.metricsRetention());
    assertThat(changed.builtinMetricRules()).isTrue();
    assertThat(defaults.receivers()).isEmpty();
  }

  @Test
  void deliveryDefaultsToTheLimitsAndRefusesNonsense() {
    AnalyticsConfig changed =
        AnalyticsConfig.defaults()
            .withDelivery(new AnalyticsConfig.Delivery(2, Duration.ofSeconds(30)))
            .withAlertInterval(Duration.ofSeconds(3));
    assertThat(AnalyticsConfig.defaults().delivery())
        .isEqualTo(
            new AnalyticsConfig.Delivery(
                dev.loupe.analytics.AnalyticsLimits.NOTIFY_ATTEMPTS,
                dev.loupe.analytics.AnalyticsLimits.ALERTMANAGER_RESEND));
    assertThat(changed.delivery().attempts()).isEqualTo(2);
    assertThat(changed.delivery().alertmanagerResend()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> new AnalyticsConfig.Delivery(0, Duration.ofMinutes(1)))
        .hasMessageContaining("attempts");
    assertThatThrownBy(() -> new AnalyticsConfig.Delivery(1, Duration.ZERO))
        .hasMessageContaining("resend");
  }

  @Test
  void theServerConfigCarriesIt() {
    ServerConfig config =
        new ServerConfig(
                "127.0.0.1",
                0,
                dev.loupe.storage.StorageConfig.defaults(Path.of("d")),
                dev.loupe.ingest.IngestLimits.defaults(),
                1)
            .withAnalytics(AnalyticsConfig.defaults().withMetricsRulesFile(Path.of("r.yaml")))
            .withMaxTails(3);
    assertThat(config.analytics().metricsRulesFile()).isEqualTo(Path.of("r.yaml"));
    assertThat(config.maxTails()).isEqualTo(3);
  }

  @Test
  void aQueueOfNoBatchesIsRefused() {
    AnalyticsConfig defaults = AnalyticsConfig.defaults();
    assertThatThrownBy(
            () ->
                new AnalyticsConfig(
                    null,
                    true,
                    defaults.metricsRetention(),
                    defaults.metricsGrace(),
                    0,
                    defaults.alertInterval(),
                    "",
                    List.of(),
                    defaults.groupWait(),
                    defaults.groupInterval()))
        .hasMessageContaining("metricsQueueBatches");
  }
}
