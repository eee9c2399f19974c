package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Stream} of each (tenant, labels) seen recently, so that the SHA-256 behind {@link
 * StreamId} runs once per distinct stream instead of once per record. One instance is shared by
 * every request; all methods are thread-safe.
 *
 * <p>Design note: the bound is enforced by clearing the whole map when it is full, not by LRU
 * eviction. Real workloads have far fewer live streams than the bound, so a clear is rare; when it
 * happens the cost is one SHA-256 (about a microsecond) per stream as it is seen again. An LRU
 * would need a lock or a sampled eviction policy on every hit; clear-when-full keeps hits a plain
 * {@link ConcurrentHashMap#get}. Two threads missing on the same key both compute the id and one
 * result wins: the results are equal, so which does not matter.
 */
public final class StreamCache {
  private final int maxEntries;
  private final ConcurrentHashMap<Key, Stream> streams = new ConcurrentHashMap<>();

  private record Key(String tenant, String canonicalLabels) {}

  public StreamCache() {
    this(Limits.STREAM_CACHE_MAX_ENTRIES);
  }

  public StreamCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** The stream of {@code tenant} with {@code labels}; equal to {@link Stream#of}. */
  public Stream get(String tenant, Map<String, String> labels) {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(labels, "labels is null");
    String canonicalLabels = Stream.canonicalText(labels);
    Key key = new Key(tenant, canonicalLabels);
    Stream cached = streams.get(key);
    if (cached != null) {
      return cached;
    }
    Stream computed = new Stream(tenant, canonicalLabels, StreamId.of(tenant, canonicalLabels));
    if (streams.size() >= maxEntries) {
      streams.clear();
    }
    Stream raced = streams.putIfAbsent(key, computed);
    return raced != null ? raced : computed;
  }

  /** How many streams are cached now; for metrics and tests. */
  public int size() {
    return streams.size();
  }
}
