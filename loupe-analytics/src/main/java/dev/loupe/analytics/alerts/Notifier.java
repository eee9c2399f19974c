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
 * deterministic sender. Threads: the evaluator's thread only.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /**
   * @param groupBy labels that form a group ({@code alertname} by default)
   * @param backoff first retry delay, doubled each attempt
   */
  public record Settings(
      List<Receiver> receivers,
      List<String> groupBy,
      Duration groupWait,
      Duration groupInterval,
      int attempts,
      Duration backoff,
      String externalUrl) {
    public Settings {
      receivers = List.copyOf(receivers);
      groupBy = List.copyOf(groupBy);
    }
  }

  private static final class Group {
    final Map<String, String> labels;

    /** The latest change of each instance (by its labels) since the group was last sent. */
    final Map<Map<String, String>, Alert> pending = new LinkedHashMap<>();

    long firstPendingMillis = -1;
    long lastSentMillis = -1;
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

  public Notifier(Settings settings) {
    this.settings = settings;
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

  /** Sends every group whose wait or interval has passed at {@code nowMillis}. */
  public void dispatchDue(long nowMillis) {
    for (Group group : groups.values()) {
      if (group.pending.isEmpty()) {
        continue;
      }
      boolean due =
          group.lastSentMillis < 0
              ? nowMillis - group.firstPendingMillis >= settings.groupWait().toMillis()
              : nowMillis - group.lastSentMillis >= settings.groupInterval().toMillis();
      if (!due) {
        continue;
      }
      List<Alert> alerts = new ArrayList<>(group.pending.values());
      group.pending.clear();
      String key =
          alerts.stream()
              .map(alert -> new TreeMap<>(alert.labels()) + ":" + alert.state())
              .sorted()
              .toList()
              .toString();
      if (key.equals(group.lastSentKey)) {
        deduplicated.increment();
        continue;
      }
      group.lastSentKey = key;
      group.lastSentMillis = nowMillis;
      for (Receiver receiver : settings.receivers()) {
        deliver(
            receiver,
            NotificationBodies.body(receiver.kind(), group.labels, alerts, settings.externalUrl()));
      }
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
