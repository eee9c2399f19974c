package dev.loupe.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a record came from: a tenant and a small set of labels ({@code service}, {@code host},
 * ...). The canonical text, {@code {host="a",service="b"}} with labels sorted by name, is what
 * users see as {@code _stream} and what the {@link StreamId} is computed from.
 */
public record Stream(String tenant, String canonicalLabels, StreamId id) {
  public static final String DEFAULT_TENANT = "default";

  public Stream {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(canonicalLabels, "canonicalLabels is null");
    requireNonNull(id, "id is null");
  }

  public static Stream of(String tenant, Map<String, String> labels) {
    String canonical = canonicalText(labels);
    return new Stream(tenant, canonical, StreamId.of(tenant, canonical));
  }

  /** {@code {a="1",b="x\"y"}}: sorted by name, values quoted with backslash escapes. */
  public static String canonicalText(Map<String, String> labels) {
    StringBuilder text = new StringBuilder(32).append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      if (!first) {
        text.append(',');
      }
      first = false;
      text.append(label.getKey()).append("=\"");
      appendEscaped(text, label.getValue());
      text.append('"');
    }
    return text.append('}').toString();
  }

  private static void appendEscaped(StringBuilder text, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\');
      }
      text.append(c);
    }
  }
}
