package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Stream;
import dev.loupe.ingest.StreamCache;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the {@link Stream} of a record from the values of its stream fields, for one request.
 *
 * <p>Design note: the shared {@link StreamCache} is keyed by canonical label text, which costs a
 * sorted map and a string to build. Within one request the label names are fixed, so this class
 * keys a small local map by the label values alone, probing with a reused key: a record whose
 * stream was seen earlier in the request costs one hash of its label values and no allocation. A
 * miss builds the labels and asks the shared cache. The local map is cleared when it reaches {@link
 * #MAX_LOCAL_ENTRIES}. Not thread-safe: one instance per request.
 */
final class StreamResolver {
  /** Far above the streams of one real request; bounds memory for bodies of unique labels. */
  static final int MAX_LOCAL_ENTRIES = 4096;

  private final String tenant;
  private final List<String> labelNames;
  private final StreamCache streamCache;
  private final Stream streamWithoutLabels;
  private final HashMap<LabelValues, Stream> recent = new HashMap<>();
  private final LabelValues probe = new LabelValues();

  /** The values of the labels in {@link #labelNames} order; null for a missing label. */
  private static final class LabelValues {
    private String[] values;
    private int hash;

    LabelValues() {}

    LabelValues(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }

    void set(String[] newValues) {
      values = newValues;
      hash = Arrays.hashCode(newValues);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LabelValues that
          && hash == that.hash
          && Arrays.equals(values, that.values);
    }
  }

  StreamResolver(String tenant, List<String> streamFields, StreamCache streamCache) {
    this.tenant = requireNonNull(tenant, "tenant is null");
    this.labelNames = List.copyOf(new TreeSet<>(streamFields));
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
    this.streamWithoutLabels = streamCache.get(tenant, Map.of());
  }

  /** The distinct stream field names, sorted; the order of the values passed to resolve. */
  List<String> labelNames() {
    return labelNames;
  }

  /**
   * The stream for these label values (indexed like {@link #labelNames()}, null where missing). The
   * array is only read during the call.
   */
  Stream resolve(String[] values) {
    if (labelNames.isEmpty()) {
      return streamWithoutLabels;
    }
    probe.set(values);
    Stream cached = recent.get(probe);
    if (cached != null) {
      return cached;
    }
    Stream stream = streamCache.get(tenant, labels(values));
    if (recent.size() >= MAX_LOCAL_ENTRIES) {
      recent.clear();
    }
    recent.put(new LabelValues(values.clone()), stream);
    return stream;
  }

  private Map<String, String> labels(String[] values) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int index = 0; index < values.length; index++) {
      if (values[index] != null) {
        labels.put(labelNames.get(index), values[index]);
      }
    }
    return labels;
  }
}
