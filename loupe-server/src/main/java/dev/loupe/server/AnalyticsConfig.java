package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of log-derived metrics and alerts.
 *
 * @param metricsRulesFile YAML rules file, re-read when it changes; null for none
 * @param builtinMetricRules whether the built-in rules are in force
 * @param metricsRetention how long derived points are kept
 * @param metricsGrace how long after its end a window takes late records
 * @param metricsQueueBatches batches waiting for evaluation before they are dropped for metrics
 * @param alertInterval how often alert rules are evaluated
 * @param externalUrl the address users reach Loupe at, for links in notifications; null for the
 *     address the server listens on (known once it listens: the port of {@code --port 0} too)
 * @param receivers receivers of alert notifications: {@code webhook=URL}, {@code slack=URL}, {@code
 *     alertmanager=URL}
 * @param groupWait wait before the first notification of a new group
 * @param groupInterval least time between notifications of one changed group
 * @param alertRulesFile YAML alert rules file, re-read when it changes; null for none
 * @param delivery how notifications are retried and repeated
 */
public record AnalyticsConfig(
    Path metricsRulesFile,
    boolean builtinMetricRules,
    Duration metricsRetention,
    Duration metricsGrace,
    int metricsQueueBatches,
    Duration alertInterval,
    String externalUrl,
    List<String> receivers,
    Duration groupWait,
    Duration groupInterval,
    Path alertRulesFile,
    Delivery delivery) {
  /**
   * @param attempts attempts to deliver one notification before it is given up
   * @param alertmanagerResend how often firing alerts are posted again to Alertmanager, which
   *     resolves an alert that is not repeated before its {@code endsAt}
   */
  public record Delivery(int attempts, Duration alertmanagerResend) {
    public Delivery {
      requireNonNull(alertmanagerResend, "alertmanagerResend is null");
      if (attempts < 1) {
        throw new IllegalArgumentException("notification attempts must be at least 1: " + attempts);
      }
      if (alertmanagerResend.isNegative() || alertmanagerResend.isZero()) {
        throw new IllegalArgumentException(
            "the Alertmanager resend interval must be positive: " + alertmanagerResend);
      }
    }

    public static Delivery defaults() {
      return new Delivery(AnalyticsLimits.NOTIFY_ATTEMPTS, AnalyticsLimits.ALERTMANAGER_RESEND);
    }
  }

  public AnalyticsConfig {
    requireNonNull(metricsRetention, "metricsRetention is null");
    requireNonNull(metricsGrace, "metricsGrace is null");
    requireNonNull(alertInterval, "alertInterval is null");
    requireNonNull(groupWait, "groupWait is null");
    requireNonNull(groupInterval, "groupInterval is null");
    receivers = List.copyOf(receivers);
    requireNonNull(delivery, "delivery is null");
    if (metricsQueueBatches < 1) {
      throw new IllegalArgumentException("metricsQueueBatches must be positive");
    }
  }

  /** With the default delivery. */
  public AnalyticsConfig(
      Path metricsRulesFile,
      boolean builtinMetricRules,
      Duration metricsRetention,
      Duration metricsGrace,
      int metricsQueueBatches,
      Duration alertInterval,
      String externalUrl,
      List<String> receivers,
      Duration groupWait,
      Duration groupInterval,
      Path alertRulesFile) {
    this(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        externalUrl,
        receivers,
        groupWait,
        groupInterval,
        alertRulesFile,
        Delivery.defaults());
  }

  /** Without an alert rules file. */
  public AnalyticsConfig(
      Path metricsRulesFile,
      boolean builtinMetricRules,
      Duration metricsRetention,
      Duration metricsGrace,
      int metricsQueueBatches,
      Duration alertInterval,
      String externalUrl,
      List<String> receivers,
      Duration groupWait,
      Duration groupInterval) {
    this(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        externalUrl,
        receivers,
        groupWait,
        groupInterval,
        null);
  }

  public static AnalyticsConfig defaults() {
    return new AnalyticsConfig(
        null,
        true,
        AnalyticsLimits.DEFAULT_METRIC_RETENTION,
        AnalyticsLimits.DEFAULT_METRIC_GRACE,
        AnalyticsLimits.DEFAULT_METRIC_QUEUE_BATCHES,
        AnalyticsLimits.DEFAULT_ALERT_INTERVAL,
        null,
        List.of(),
        AnalyticsLimits.DEFAULT_GROUP_WAIT,
        AnalyticsLimits.DEFAULT_GROUP_INTERVAL);
  }

  public AnalyticsConfig withMetricsRulesFile(Path file) {
    return new AnalyticsConfig(
        file,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        externalUrl,
        receivers,
        groupWait,
        groupInterval,
        alertRulesFile,
        delivery);
  }

  public AnalyticsConfig withReceivers(List<String> newReceivers, String url) {
    return new AnalyticsConfig(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        url,
        newReceivers,
        groupWait,
        groupInterval,
        alertRulesFile,
        delivery);
  }

  public AnalyticsConfig withGrouping(Duration wait, Duration interval) {
    return new AnalyticsConfig(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        externalUrl,
        receivers,
        wait,
        interval,
        alertRulesFile,
        delivery);
  }

  public AnalyticsConfig withAlertRulesFile(Path file) {
    return new AnalyticsConfig(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        externalUrl,
        receivers,
        groupWait,
        groupInterval,
        file,
        delivery);
  }

  public AnalyticsConfig withAlertInterval(Duration interval) {
    return new AnalyticsConfig(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        interval,
        externalUrl,
        receivers,
        groupWait,
        groupInterval,
        alertRulesFile,
        delivery);
  }

  public AnalyticsConfig withDelivery(Delivery newDelivery) {
    return new AnalyticsConfig(
        metricsRulesFile,
        builtinMetricRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        externalUrl,
        receivers,
        groupWait,
        groupInterval,
        alertRulesFile,
        newDelivery);
  }
}
