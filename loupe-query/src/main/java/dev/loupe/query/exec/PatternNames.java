package dev.loupe.query.exec;

/**
 * The templates of pattern ids ({@code _pattern} values), for the {@code patterns} pipe. The query
 * engine does not mine patterns; the server passes in the registry of the analytics module, which
 * does. Implementations are thread-safe: queries call it from their own threads.
 */
@FunctionalInterface
public interface PatternNames {
  /** Knows no pattern: the pipe then shows ids and counts without templates. */
  PatternNames NONE = id -> null;

  /**
   * The current template of the pattern, or null when it is not known. The server's registry
   * answers {@code (evicted pattern ID)} for an id it no longer holds, rather than null.
   */
  String template(String patternId);
}
