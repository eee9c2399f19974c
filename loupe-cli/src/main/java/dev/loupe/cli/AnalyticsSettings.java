package dev.loupe.cli;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.server.AnalyticsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code loupe serve} flags of log-derived metrics and alerts (docs/METRICS.md, ALERTS.md). */
final class AnalyticsSettings {
  @Option(
      names = "--metrics-rules",
      description =
          "YAML file of metric rules, re-read when it changes (no restart needed); see"
              + " docs/METRICS.md (default: none).")
  Path metricsRules;

  @Option(
      names = "--no-builtin-metric-rules",
      description =
          "Do not run the built-in rules (lines by level, HTTP requests, errors by service).")
  boolean noBuiltinRules;

  @Option(
      names = "--metrics-retention",
      defaultValue = "30d",
      description = "Keep derived metric points this long (default: ${DEFAULT-VALUE}).")
  Duration metricsRetention;

  @Option(
      names = "--metrics-grace",
      defaultValue = "5s",
      description =
          "A window takes late records this long after its end; older ones are counted in"
              + " loupe_metrics_late_records_total (default: ${DEFAULT-VALUE}).")
  Duration metricsGrace;

  @Option(
      names = "--metrics-queue-batches",
      defaultValue = "4096",
      description =
          "Batches waiting for metric evaluation; beyond, batches are skipped for metrics"
              + " (counted), never blocking ingest (default: ${DEFAULT-VALUE}).")
  int metricsQueueBatches;

  @Option(
      names = "--alert-rules",
      description =
          "YAML file of alert rules, re-read when it changes (no restart needed; a file that does"
              + " not load keeps the rules in force and is logged); see docs/ALERTS.md (default:"
              + " none).")
  Path alertRules;

  @Option(
      names = "--alert-interval",
      defaultValue = "15s",
      description = "How often alert rules are evaluated (default: ${DEFAULT-VALUE}).")
  Duration alertInterval;

  @Option(
      names = "--external-url",
      description =
          "The address users reach Loupe at, for links in notifications (default: the address"
              + " it listens on, http://<--host>:<port>, with localhost for --host 0.0.0.0).")
  String externalUrl;

  @Option(
      names = "--notify",
      paramLabel = "<receiver-kind=URL>",
      description =
          "Alert notification receiver, repeatable: webhook=URL, slack=URL (incoming webhook) or"
              + " alertmanager=URL (default: none).")
  List<String> notify = new ArrayList<>();

  @Option(
      names = "--alert-group-wait",
      defaultValue = "10s",
      description =
          "Wait before the first notification of a new alert group (default: ${DEFAULT-VALUE}).")
  Duration groupWait;

  @Option(
      names = "--alert-group-interval",
      defaultValue = "1m",
      description =
          "Least time between notifications of one changed group (default: ${DEFAULT-VALUE}).")
  Duration groupInterval;

  @Option(
      names = "--notify-attempts",
      defaultValue = "5",
      description =
          "Attempts to deliver one notification, with exponential backoff from 500 ms, before it"
              + " is given up and counted (default: ${DEFAULT-VALUE}).")
  int notifyAttempts;

  @Option(
      names = "--alertmanager-resend",
      defaultValue = "1m",
      description =
          "How often firing alerts are posted again to Alertmanager receivers, which resolve an"
              + " alert not repeated before its endsAt (default: ${DEFAULT-VALUE}, as Prometheus).")
  Duration alertmanagerResend;

  AnalyticsConfig config() {
    if (notifyAttempts < 1) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "--notify-attempts must be at least 1, not " + notifyAttempts);
    }
    if (alertmanagerResend.isNegative() || alertmanagerResend.isZero()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "--alertmanager-resend must be positive, not " + alertmanagerResend);
    }
    // Without --external-url the server uses the address it listens on, port 0's too.
    String url = externalUrl;
    return new AnalyticsConfig(
        metricsRules,
        !noBuiltinRules,
        metricsRetention,
        metricsGrace,
        metricsQueueBatches,
        alertInterval,
        url,
        notify,
        groupWait,
        groupInterval,
        alertRules,
        new AnalyticsConfig.Delivery(notifyAttempts, alertmanagerResend));
  }
}
