package dev.loupe.analytics.alerts;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.Map;

/**
 * Mutes notifications of the alerts whose labels include all of {@code matchers}, until {@code
 * endsAtMillis}. Alerts keep their state while silenced; only notifications stop.
 */
public record Silence(String id, Map<String, String> matchers, long endsAtMillis, String comment) {
  public Silence {
    if (matchers == null || matchers.isEmpty()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "a silence needs matchers, e.g. {\"alertname\":\"errors\"}");
    }
    if (endsAtMillis <= 0) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, "a silence needs an end time (endsAt)");
    }
    matchers = Map.copyOf(matchers);
    comment = comment == null ? "" : comment;
  }

  public boolean covers(Map<String, String> labels, long nowMillis) {
    if (nowMillis >= endsAtMillis) {
      return false;
    }
    for (Map.Entry<String, String> matcher : matchers.entrySet()) {
      if (!matcher.getValue().equals(labels.get(matcher.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
