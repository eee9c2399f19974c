package dev.loupe.analytics.metrics;

import dev.loupe.core.Stream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labels of a stream by name, read back from its canonical text {@code {a="x",b="y"}} and
 * cached: a group-by on {@code service} finds it whether the shipper sent it as a stream label or
 * as a field. The cache is cleared when it grows past a bound (streams are few, but not trusted).
 */
final class StreamLabels {
  private static final int MAX_CACHED_STREAMS = 10_000;
  private static final Map<String, Map<String, String>> CACHE = new ConcurrentHashMap<>();

  private StreamLabels() {}

  static String value(Stream stream, String name) {
    Map<String, String> labels = CACHE.get(stream.canonicalLabels());
    if (labels == null) {
      if (CACHE.size() >= MAX_CACHED_STREAMS) {
        CACHE.clear();
      }
      labels = parse(stream.canonicalLabels());
      CACHE.put(stream.canonicalLabels(), labels);
    }
    return labels.get(name);
  }

  /** Parses {@code {a="x",b="y\"z"}}; anything malformed ends the parse with what was read. */
  static Map<String, String> parse(String canonical) {
    Map<String, String> labels = new HashMap<>();
    int position = 1;
    while (position < canonical.length() - 1) {
      int equals = canonical.indexOf("=\"", position);
      if (equals < 0) {
        break;
      }
      String name = canonical.substring(position, equals);
      StringBuilder value = new StringBuilder();
      int index = equals + 2;
      while (index < canonical.length() && canonical.charAt(index) != '"') {
        char c = canonical.charAt(index);
        if (c == '\\' && index + 1 < canonical.length()) {
          index++;
          c = canonical.charAt(index);
        }
        value.append(c);
        index++;
      }
      labels.put(name, value.toString());
      position = index + 2; // past the closing quote and the comma
    }
    return labels;
  }
}
