package dev.loupe.analytics.patterns;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the registry knows of one pattern, as of the moment it was asked.
 *
 * @param id stable id, stored with every line of the pattern as {@code _pattern}
 * @param tenant the tenant whose lines it groups (patterns never span tenants)
 * @param template the current template, variables written {@code <*>}
 * @param firstSeenNanos time of the earliest line (by the lines' own times)
 * @param lastSeenNanos time of the latest line
 * @param count lines counted since the registry was created (evicted patterns start again)
 * @param samples a few of its lines, as they came
 */
public record PatternInfo(
    String id,
    String tenant,
    String template,
    long firstSeenNanos,
    long lastSeenNanos,
    long count,
    List<String> samples) {
  public PatternInfo {
    requireNonNull(id, "id is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(template, "template is null");
    samples = List.copyOf(samples);
  }

  static PatternInfo of(MinedPattern pattern) {
    return new PatternInfo(
        pattern.id,
        pattern.tenant,
        pattern.templateText(),
        pattern.firstSeenNanos(),
        pattern.lastSeenNanos(),
        pattern.count(),
        pattern.samples());
  }
}
