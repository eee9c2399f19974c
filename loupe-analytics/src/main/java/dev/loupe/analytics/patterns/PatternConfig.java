package dev.loupe.analytics.patterns;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import java.time.Duration;

/**
 * Settings of pattern mining; {@link #defaults()} is what {@code loupe serve} runs with.
 *
 * @param maxPatterns patterns kept; past it the least recently used is evicted. 0 turns mining off:
 *     no {@code _pattern} field is written
 * @param similarity share of a pattern's tokens, 0 to 1, a line must share, more than this, to join
 *     it
 * @param prefixTokens tokens the parse tree routes by, after the token count
 * @param maxChildren children of a tree node before further tokens share its wildcard child
 * @param maxTokens tokens of a line compared; the rest becomes one {@code <*>}
 * @param maxLineChars characters of a line read
 * @param samples sample lines kept a pattern
 * @param saveInterval how often a changed registry is written to disk
 * @param newPatternWarmup a pattern first seen this soon after the registry's warm-up start (its
 *     creation, or the first line it mined when earlier) is never marked new
 */
public record PatternConfig(
    int maxPatterns,
    double similarity,
    int prefixTokens,
    int maxChildren,
    int maxTokens,
    int maxLineChars,
    int samples,
    Duration saveInterval,
    Duration newPatternWarmup) {

  public PatternConfig {
    requireNonNull(saveInterval, "saveInterval is null");
    requireNonNull(newPatternWarmup, "newPatternWarmup is null");
    if (maxPatterns < 0) {
      throw new IllegalArgumentException("maxPatterns must not be negative: " + maxPatterns);
    }
    if (!(similarity >= 0 && similarity <= 1)) {
      throw new IllegalArgumentException("similarity must be from 0 to 1: " + similarity);
    }
    if (prefixTokens < 0 || maxChildren < 1 || maxTokens < 2 || maxLineChars < 1 || samples < 0) {
      throw new IllegalArgumentException(
          "prefixTokens >= 0, maxChildren >= 1, maxTokens >= 2, maxLineChars >= 1 and samples >= 0"
              + " are required");
    }
    if (saveInterval.isNegative() || saveInterval.isZero() || newPatternWarmup.isNegative()) {
      throw new IllegalArgumentException(
          "saveInterval must be positive and newPatternWarmup not negative");
    }
  }

  public static PatternConfig defaults() {
    return new PatternConfig(
        AnalyticsLimits.DEFAULT_MAX_PATTERNS,
        AnalyticsLimits.DEFAULT_SIMILARITY,
        AnalyticsLimits.DEFAULT_PREFIX_TOKENS,
        AnalyticsLimits.DEFAULT_MAX_CHILDREN,
        AnalyticsLimits.DEFAULT_MAX_TOKENS,
        AnalyticsLimits.DEFAULT_MAX_LINE_CHARS,
        AnalyticsLimits.DEFAULT_SAMPLES,
        AnalyticsLimits.DEFAULT_SAVE_INTERVAL,
        AnalyticsLimits.DEFAULT_NEW_PATTERN_WARMUP);
  }

  /** Mining off: no pattern stage, no registry file. */
  public static PatternConfig disabled() {
    return defaults().withMaxPatterns(0);
  }

  public boolean enabled() {
    return maxPatterns > 0;
  }

  public PatternConfig withMaxPatterns(int newMaxPatterns) {
    return new PatternConfig(
        newMaxPatterns,
        similarity,
        prefixTokens,
        maxChildren,
        maxTokens,
        maxLineChars,
        samples,
        saveInterval,
        newPatternWarmup);
  }

  public PatternConfig withSimilarity(double newSimilarity) {
    return new PatternConfig(
        maxPatterns,
        newSimilarity,
        prefixTokens,
        maxChildren,
        maxTokens,
        maxLineChars,
        samples,
        saveInterval,
        newPatternWarmup);
  }

  public PatternConfig withSaveInterval(Duration newSaveInterval) {
    return new PatternConfig(
        maxPatterns,
        similarity,
        prefixTokens,
        maxChildren,
        maxTokens,
        maxLineChars,
        samples,
        newSaveInterval,
        newPatternWarmup);
  }

  public PatternConfig withNewPatternWarmup(Duration newWarmup) {
    return new PatternConfig(
        maxPatterns,
        similarity,
        prefixTokens,
        maxChildren,
        maxTokens,
        maxLineChars,
        samples,
        saveInterval,
        newWarmup);
  }
}
