package dev.loupe.analytics.alerts;

import dev.loupe.analytics.AnalyticsLimits;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups alert changes by labels (an instance is known by its whole label set), waits {@code
 * groupWait} before a new group's first notification and {@code groupInterval} between later ones,
 * drops a notification identical to the last one the group sent (dedupe), and delivers each to
 * every receiver with exponential-backoff retries.
 *
 * <p>Design: Alertmanager's grouping model, small: state per group key (the values of the {@code
 * groupBy} labels). Delivery runs on the caller's thread (the alert evaluator's), so a slow
 * receiver delays the next evaluation by at most attempts x backoff; the trade-off buys a simple,
 * deterministic sender.
 *
 * <p>Alertmanager is told again: its API expects clients to repeat firing alerts (Prometheus does
 * every minute, {@code --rules.alert.resend-delay}) and resolves on its own an alert not repeated
 * before its {@code endsAt} ({@code resolve_timeout}, 5 minutes, when none is given). So every
 * {@code alertmanagerResend} (default {@link AnalyticsLimits#ALERTMANAGER_RESEND}) the firing
 * alerts of each group are posted again to Alertmanager receivers (not to webhooks or Slack, whose
 * readers are people), each with {@code endsAt} four resends (or four evaluations, if those are
 * further apart) ahead, as Prometheus does. Threads: the evaluator's thread only.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /**
   * @param groupBy labels that form a group ({@code alertname} by default)
   * @param backoff first retry delay, doubled each attempt
   * @param alertmanagerResend how often the firing alerts of a group are posted again to
   *     Alertmanager receivers
   */
  public record Settings(
      List<Receiver> receivers,
      List<String> groupBy,
      Duration groupWait,
      Duration groupInterval,
      int attempts,
      Duration backoff,
      String externalUrl,
      Duration alertmanagerResend) {
    public Settings {
      receivers = List.copyOf(receivers);
      groupBy = List.copyOf(groupBy);
      java.util.Objects.requireNonNull(alertmanagerResend, "alertmanagerResend is null");
    }

    /** Resending to Alertmanager every {@link AnalyticsLimits#ALERTMANAGER_RESEND}. */
    public Settings(
        List<Receiver> receivers,
        List<String> groupBy,
        Duration groupWait,
        Duration groupInterval,
        int attempts,
        Duration backoff,
        String externalUrl) {
      this(
          receivers,
          groupBy,
          groupWait,
          groupInterval,
          attempts,
          backoff,
          externalUrl,
          AnalyticsLimits.ALERTMANAGER_RESEND);
    }
  }

  private static final class Group {
    final Map<String, String> labels;

    /** The latest change of each instance (by its labels) since the group was last sent. */
    final Map<Map<String, String>, Alert> pending = new LinkedHashMap<>();

    /** The instances last sent as firing (by labels): what Alertmanager is told again. */
    final Map<Map<String, String>, Alert> firing = new LinkedHashMap<>();

    long firstPendingMillis = -1;
    long lastSentMillis = -1;
    long lastAlertmanagerMillis = -1;
    String lastSentKey = "";

    Group(Map<String, String> labels) {
      this.labels = labels;
    }
  }

  private final Settings settings;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Map<String, String>, Group> groups = new HashMap<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder deduplicated = new LongAdder();
  private volatile String externalUrl;
  private long previousDispatchMillis = -1;

  public Notifier(Settings settings) {
    this.settings = settings;
    this.externalUrl = settings.externalUrl();
  }

  /** The base of links, once the server knows the address it listens on. Any thread. */
  public void externalUrl(String url) {
    this.externalUrl = url;
  }

  /**
   * An alert instance that started firing or resolved (not silenced); a later change of the same
   * instance (same labels) before the group is sent replaces it.
   */
  public void submit(Alert alert, long nowMillis) {
    TreeMap<String, String> key = new TreeMap<>();
    for (String label : settings.groupBy()) {
      key.put(label, alert.labels().getOrDefault(label, ""));
    }
    Group group = groups.computeIfAbsent(key, Group::new);
    if (group.pending.isEmpty()) {
      group.firstPendingMillis = nowMillis;
    }
    group.pending.put(alert.labels(), alert);
  }

  /**
   * Sends every group whose wait or interval has passed at {@code nowMillis}, then tells
   * Alertmanager receivers again of the groups' firing alerts when a resend is due.
   */
  public void dispatchDue(long nowMillis) {
    long sinceLastDispatch =
        previousDispatchMillis < 0 ? 0 : Math.max(0, nowMillis - previousDispatchMillis);
    previousDispatchMillis = nowMillis;
    long resendMillis = settings.alertmanagerResend().toMillis();
    long firingUntilMillis = nowMillis + 4 * Math.max(resendMillis, sinceLastDispatch);
    for (Group group : groups.values()) {
      sendIfDue(group, nowMillis, firingUntilMillis);
      boolean resendDue =
          !group.firing.isEmpty()
              && (group.lastAlertmanagerMillis < 0
                  || nowMillis - group.lastAlertmanagerMillis >= resendMillis);
      if (resendDue) {
        resend(group, nowMillis, firingUntilMillis);
      }
    }
  }

  private void resend(Group group, long nowMillis, long firingUntilMillis) {
    group.lastAlertmanagerMillis = nowMillis;
    List<Alert> alerts = new ArrayList<>(group.firing.values());
    for (Receiver receiver : settings.receivers()) {
      if (receiver.kind() == Receiver.Kind.ALERTMANAGER) {
        deliver(
            receiver,
            NotificationBodies.body(
                receiver.kind(), group.labels, alerts, externalUrl, firingUntilMillis));
      }
    }
  }

  private void sendIfDue(Group group, long nowMillis, long firingUntilMillis) {
    if (group.pending.isEmpty()) {
      return;
    }
    boolean due =
        group.lastSentMillis < 0
            ? nowMillis - group.firstPendingMillis >= settings.groupWait().toMillis()
            : nowMillis - group.lastSentMillis >= settings.groupInterval().toMillis();
    if (!due) {
      return;
    }
    List<Alert> alerts = new ArrayList<>(group.pending.values());
    group.pending.clear();
    for (Alert alert : alerts) {
      if (alert.state() == AlertState.FIRING) {
        group.firing.put(alert.labels(), alert);
      } else {
        group.firing.remove(alert.labels());
      }
    }
    String key =
        alerts.stream()
            .map(alert -> new TreeMap<>(alert.labels()) + ":" + alert.state())
            .sorted()
            .toList()
            .toString();
    if (key.equals(group.lastSentKey)) {
      deduplicated.increment();
      return;
    }
    group.lastSentKey = key;
    group.lastSentMillis = nowMillis;
    group.lastAlertmanagerMillis = nowMillis;
    for (Receiver receiver : settings.receivers()) {
      deliver(
          receiver,
          NotificationBodies.body(
              receiver.kind(), group.labels, alerts, externalUrl, firingUntilMillis));
    }
  }

  public long sent() {
    return sent.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long deduplicated() {
    return deduplicated.sum();
  }

  private void deliver(Receiver receiver, String body) {
    long delayMillis = settings.backoff().toMillis();
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      String problem;
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(receiver.url())
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          sent.increment();
          return;
        }
        problem = "status " + response.statusCode();
      } catch (IOException failure) {
        problem = failure.toString();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        failed.increment();
        return;
      }
      LOG.warn(
          "notification failed receiver={} attempt={} problem={}",
          receiver.url(),
          attempt,
          problem);
      if (attempt == settings.attempts()) {
        break;
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        failed.increment();
        return;
      }
      delayMillis *= 2;
    }
    failed.increment();
    LOG.error("notification given up receiver={} attempts={}", receiver.url(), settings.attempts());
  }

  static int defaultAttempts() {
    return AnalyticsLimits.NOTIFY_ATTEMPTS;
  }
}
