package dev.loupe.analytics.patterns;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cluster of the miner: a template that lines match, with its statistics. The id and the first
 * template never change; the template only becomes more general ({@link DrainMiner} replaces it,
 * under its write lock, with a new array). Counters are updated by concurrent ingest threads.
 */
final class MinedPattern {
  final String id;
  final String tenant;

  /** The tokens of the line that created the pattern: where it sits in the parse tree. */
  final String[] firstTokens;

  private volatile String[] template;
  private volatile String templateText;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong firstSeenNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastSeenNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile long lastUsedTick;
  private final int maxSamples;
  private final List<String> samples = new ArrayList<>();
  private volatile int sampleCount;

  /** Lines offered as samples; past a few per sample slot, identical lines stop being offered. */
  private volatile int sampleOffers;

  /** Position in the miner's list of patterns (for sampled eviction); guarded by its write lock. */
  int index = -1;

  /** The leaf of the parse tree holding this pattern; guarded by the miner's write lock. */
  DrainMiner.Node leaf;

  MinedPattern(String id, String tenant, String[] firstTokens, String[] template, int maxSamples) {
    this.id = id;
    this.tenant = tenant;
    this.firstTokens = firstTokens;
    this.template = template;
    this.templateText = join(template);
    this.maxSamples = maxSamples;
  }

  String[] template() {
    return template;
  }

  String templateText() {
    return templateText;
  }

  /** Replaces the template; called by the miner under its write lock only. */
  void refine(String[] newTemplate) {
    String text = join(newTemplate);
    this.template = newTemplate;
    this.templateText = text;
  }

  long count() {
    return count.get();
  }

  long firstSeenNanos() {
    return firstSeenNanos.get();
  }

  long lastSeenNanos() {
    return lastSeenNanos.get();
  }

  long lastUsedTick() {
    return lastUsedTick;
  }

  /** One more line of this pattern, at {@code timeNanos}. */
  void observe(String message, long timeNanos, long tick, int maxSampleChars) {
    count.incrementAndGet();
    lastUsedTick = tick;
    if (timeNanos < firstSeenNanos.get()) {
      firstSeenNanos.accumulateAndGet(timeNanos, Math::min);
    }
    if (timeNanos > lastSeenNanos.get()) {
      lastSeenNanos.accumulateAndGet(timeNanos, Math::max);
    }
    if (sampleCount < maxSamples && sampleOffers < maxSamples * 16) {
      addSample(message.length() > maxSampleChars ? message.substring(0, maxSampleChars) : message);
    }
  }

  /** Restores statistics read from the registry file. */
  void restore(long restoredCount, long firstSeen, long lastSeen, List<String> restoredSamples) {
    count.set(restoredCount);
    firstSeenNanos.set(firstSeen);
    lastSeenNanos.set(lastSeen);
    synchronized (samples) {
      samples.clear();
      for (String sample : restoredSamples) {
        if (samples.size() < maxSamples) {
          samples.add(sample);
        }
      }
      sampleCount = samples.size();
    }
  }

  private void addSample(String sample) {
    synchronized (samples) {
      sampleOffers++;
      if (samples.size() < maxSamples && !samples.contains(sample)) {
        samples.add(sample);
        sampleCount = samples.size();
      }
    }
  }

  List<String> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  static String join(String[] tokens) {
    return String.join(" ", tokens);
  }
}
