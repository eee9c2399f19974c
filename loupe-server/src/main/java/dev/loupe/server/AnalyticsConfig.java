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
    Path alertRulesFile) {
  public AnalyticsConfig {
    requireNonNull(metricsRetention, "metricsRetention is null");
    requireNonNull(metricsGrace, "metricsGrace is null");
    requireNonNull(alertInterval, "alertInterval is null");
    requireNonNull(groupWait, "groupWait is null");
    requireNonNull(groupInterval, "groupInterval is null");
    receivers = List.copyOf(receivers);
    if (metricsQueueBatches < 1) {
      throw new IllegalArgumentException("metricsQueueBatches must be positive");
    }
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
        alertRulesFile);
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
        alertRulesFile);
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
        alertRulesFile);
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
        file);
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
        alertRulesFile);
  }
}
