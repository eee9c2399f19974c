package dev.loupe.analytics.patterns;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import dev.loupe.query.exec.PatternNames;
import dev.loupe.storage.FileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patterns of a store: mines every ingested line ({@link #observe}), answers what a pattern
 * id's template is, and keeps itself in the data directory ({@link FileNames#PATTERNS}, format in
 * {@link PatternFile}), written when it changed every {@code saveInterval}, on {@link #save} and on
 * {@link #close}. A registry opened on a directory reads that file back, so patterns, their ids and
 * counts survive a restart; one that cannot be read is renamed aside ({@code patterns.corrupt-…})
 * with a warning, and mining starts afresh (ids are derived from templates, so lines mined again
 * get the same ids).
 *
 * <p>Thread-safe: {@link #observe} is called concurrently by ingest threads, the readers by
 * queries, and {@link #save} by the timer or an admin request.
 */
public final class PatternRegistry implements PatternNames, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PatternRegistry.class);

  private final PatternConfig config;
  private final DrainMiner miner;
  private final Path directory;
  private final InstantSource clock;
  private final long createdNanos;
  private final ScheduledExecutorService saver;
  private final Object saveLock = new Object();
  private long savedVersion;
  private boolean closed;

  private PatternRegistry(
      PatternConfig config, Path directory, InstantSource clock, PatternFile.Contents restored) {
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.directory = directory;
    this.miner = new DrainMiner(config);
    this.createdNanos =
        restored != null ? restored.createdNanos() : Timestamps.toNanos(clock.instant());
    if (restored != null) {
      restore(restored);
    }
    this.savedVersion = miner.version();
    if (directory == null) {
      this.saver = null;
      return;
    }
    this.saver =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("loupe-patterns-save").factory());
    long period = config.saveInterval().toMillis();
    saver.scheduleWithFixedDelay(this::saveQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** A registry kept in {@code dataDirectory}, read back from it when the file exists. */
  public static PatternRegistry open(
      Path dataDirectory, PatternConfig config, InstantSource clock) {
    requireNonNull(dataDirectory, "dataDirectory is null");
    return new PatternRegistry(
        config, dataDirectory, clock, readOrSetAside(dataDirectory, requireNonNull(clock)));
  }

  /** A registry that is never written (evaluation, tests). */
  public static PatternRegistry inMemory(PatternConfig config, InstantSource clock) {
    return new PatternRegistry(config, null, clock, null);
  }

  /** The id of the pattern of {@code message} in {@code tenant}, mining it ({@link DrainMiner}). */
  public String observe(String tenant, String message, long timeNanos) {
    return miner.add(tenant, message, timeNanos).id;
  }

  /** The masked tokens the miner compares for a message (for explaining a pattern). */
  public List<String> tokens(String message) {
    return List.of(miner.tokens(message));
  }

  /**
   * The current template of the pattern; for a pattern id the registry does not hold (evicted under
   * {@code maxPatterns}, or lost with a registry file set aside) a placeholder naming the id
   * ({@link #evictedTemplate}); null for text that is no pattern id.
   */
  @Override
  public String template(String patternId) {
    MinedPattern pattern = miner.get(patternId);
    if (pattern != null) {
      return pattern.templateText();
    }
    return PatternIds.isId(patternId) ? evictedTemplate(patternId) : null;
  }

  /**
   * What answers show as the template of a pattern no longer held: its lines still carry the id,
   * but the template went with the pattern.
   */
  public static String evictedTemplate(String patternId) {
    return "(evicted pattern " + patternId + ")";
  }

  /** The pattern of that id, or null when it is not (or no longer) kept. */
  public PatternInfo pattern(String id) {
    MinedPattern pattern = miner.get(id);
    return pattern == null ? null : PatternInfo.of(pattern);
  }

  /** Every pattern kept, most lines first. */
  public List<PatternInfo> patterns() {
    List<PatternInfo> all = new ArrayList<>();
    for (MinedPattern pattern : miner.patterns()) {
      all.add(PatternInfo.of(pattern));
    }
    all.sort(Comparator.comparingLong(PatternInfo::count).reversed());
    return all;
  }

  /** The patterns of one tenant, most lines first. */
  public List<PatternInfo> patterns(String tenant) {
    List<PatternInfo> all = new ArrayList<>();
    for (MinedPattern pattern : miner.patterns()) {
      if (pattern.tenant.equals(tenant)) {
        all.add(PatternInfo.of(pattern));
      }
    }
    all.sort(Comparator.comparingLong(PatternInfo::count).reversed());
    return all;
  }

  public int size() {
    return miner.size();
  }

  /** Patterns evicted to stay under the cap since the registry was opened. */
  public long evictions() {
    return miner.evictions();
  }

  /** When the registry was first created (kept across restarts): the start of the warm-up. */
  public long createdNanos() {
    return createdNanos;
  }

  public PatternConfig config() {
    return config;
  }

  /**
   * Writes the registry if it changed since the last write; a no-op for an in-memory registry.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public void save() {
    if (directory == null) {
      return;
    }
    synchronized (saveLock) {
      long version = miner.version();
      if (version == savedVersion && Files.exists(directory.resolve(FileNames.PATTERNS))) {
        return;
      }
      try {
        PatternFile.write(directory, FileNames.PATTERNS, contents());
      } catch (IOException failure) {
        throw new UncheckedIOException(
            "cannot write the pattern registry to " + directory.resolve(FileNames.PATTERNS),
            failure);
      }
      savedVersion = version;
    }
  }

  private void saveQuietly() {
    try {
      save();
    } catch (RuntimeException failure) {
      LOG.warn("pattern registry not saved; will retry error={}", failure.toString());
    }
  }

  @Override
  public void close() {
    synchronized (saveLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (saver != null) {
      saver.shutdownNow();
      try {
        saver.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    save();
  }

  PatternFile.Contents contents() {
    List<PatternFile.StoredPattern> stored = new ArrayList<>();
    for (MinedPattern pattern : miner.patterns()) {
      stored.add(
          new PatternFile.StoredPattern(
              pattern.id,
              pattern.tenant,
              pattern.firstTokens,
              pattern.template(),
              pattern.count(),
              pattern.firstSeenNanos(),
              pattern.lastSeenNanos(),
              pattern.samples()));
    }
    stored.sort(Comparator.comparing(PatternFile.StoredPattern::id));
    return new PatternFile.Contents(createdNanos, Timestamps.toNanos(clock.instant()), stored);
  }

  private void restore(PatternFile.Contents contents) {
    for (PatternFile.StoredPattern stored : contents.patterns()) {
      MinedPattern pattern =
          new MinedPattern(
              stored.id(),
              stored.tenant(),
              stored.firstTokens(),
              stored.template(),
              config.samples());
      pattern.restore(
          stored.count(), stored.firstSeenNanos(), stored.lastSeenNanos(), stored.samples());
      if (!miner.restore(pattern)) {
        LOG.info(
            "pattern not restored: over --max-patterns or a duplicate id id={} maxPatterns={}",
            stored.id(),
            config.maxPatterns());
      }
    }
  }

  private static PatternFile.Contents readOrSetAside(Path dataDirectory, InstantSource clock) {
    Path file = dataDirectory.resolve(FileNames.PATTERNS);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot read the pattern registry " + file, failure);
    }
    try {
      return PatternFile.decode(bytes, file.toString());
    } catch (LoupeException corrupt) {
      Path aside = file.resolveSibling(FileNames.PATTERNS + ".corrupt-" + clock.millis());
      LOG.warn(
          "pattern registry unreadable, set aside; mining starts afresh file={} movedTo={}"
              + " reason={}",
          file,
          aside,
          corrupt.getMessage());
      try {
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException failure) {
        throw new UncheckedIOException("cannot set aside " + file, failure);
      }
      return null;
    }
  }
}
