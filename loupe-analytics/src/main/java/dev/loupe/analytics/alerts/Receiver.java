package dev.loupe.analytics.alerts;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.net.URI;

/** Where notifications go: {@code webhook=URL}, {@code slack=URL} or {@code alertmanager=URL}. */
public record Receiver(Kind kind, URI url) {
  public enum Kind {
    WEBHOOK,
    SLACK,
    ALERTMANAGER
  }

  public static Receiver parse(String text) {
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw bad(text);
    }
    Kind kind;
    try {
      kind = Kind.valueOf(text.substring(0, equals).strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw bad(text);
    }
    URI url = URI.create(text.substring(equals + 1).strip());
    if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
      throw bad(text);
    }
    if (kind == Kind.ALERTMANAGER) {
      String base = url.toString().replaceAll("/+$", "");
      url = URI.create(base.endsWith("/api/v2/alerts") ? base : base + "/api/v2/alerts");
    }
    return new Receiver(kind, url);
  }

  private static LoupeException bad(String text) {
    return new LoupeException(
        ErrorCode.BAD_REQUEST,
        "receiver '"
            + text
            + "' is not valid: write webhook=http://..., slack=https://hooks.slack.com/... or"
            + " alertmanager=http://alertmanager:9093");
  }
}
