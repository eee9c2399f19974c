package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.time.Instant;
import java.util.Map;

/**
 * Mutes notifications of the alerts whose labels include all of {@code matchers}, until {@code
 * endsAtMillis}. Alerts keep their state while silenced; only notifications stop. Written as JSON
 * with {@code endsAt} too (RFC 3339, what a request gives), which reading ignores.
 */
@JsonIgnoreProperties(value = "endsAt", allowGetters = true)
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

  /** {@code endsAtMillis} as RFC 3339, as requests give it. */
  @JsonProperty("endsAt")
  public String endsAt() {
    return Instant.ofEpochMilli(endsAtMillis).toString();
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
