package dev.loupe.storage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Every name the engine gives to things in the data directory. Part-internal file names live in
 * {@code dev.loupe.storage.part.PartFileNames}; WAL segment names in the {@code wal} package.
 *
 * <pre>
 * DATA/
 *   LOCK                      held (flock) by the one process that owns DATA
 *   wal/                      write-ahead log segments
 *   checkpoint                the WAL position every part written so far covers
 *   patterns                  the pattern registry (loupe-analytics; docs/FORMAT.md)
 *   partitions/
 *     2026-11-22/             one partition a UTC day
 *       part-000000000000002a/     an immutable part
 *       .tmp-part-.../        a part being written (deleted on start)
 *       .obsolete-part-.../   a part merged away, deleted when no snapshot holds it
 *       merge-intent          present only while a merge swaps its inputs for its output
 * </pre>
 */
public final class FileNames {
  /** Guards against two processes writing one directory (a second `loupe serve` on it). */
  public static final String LOCK = "LOCK";

  public static final String WAL_DIRECTORY = "wal";

  /**
   * The highest WAL position that is durably in parts. Written (temp file + atomic rename) only
   * after every part of a flush is in place, so a crash mid-flush replays that flush whole.
   */
  public static final String CHECKPOINT = "checkpoint";

  /**
   * The pattern registry of {@code loupe-analytics}: ids, templates and counts of the patterns
   * mined at ingest. Written by that module (temp file + atomic rename); storage never reads it.
   */
  public static final String PATTERNS = "patterns";

  public static final String PARTITIONS_DIRECTORY = "partitions";
  public static final String PART_PREFIX = "part-";
  public static final String TEMPORARY_PREFIX = ".tmp-";
  public static final String OBSOLETE_PREFIX = ".obsolete-";
  public static final String MERGE_INTENT = "merge-intent";

  private static final DateTimeFormatter PARTITION_FORMAT = DateTimeFormatter.ISO_LOCAL_DATE;

  private FileNames() {}

  /** The partition (UTC day) of a timestamp, as its directory name. */
  public static String partitionOf(long timeNanos) {
    long epochDay = Math.floorDiv(timeNanos, 86_400_000_000_000L);
    return LocalDate.ofEpochDay(epochDay).format(PARTITION_FORMAT);
  }

  /** Nanoseconds at the start of a partition's day, or -1 when the name is not a partition. */
  public static long partitionStartNanos(String partitionName) {
    try {
      LocalDate day = LocalDate.parse(partitionName, PARTITION_FORMAT);
      return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
    } catch (java.time.format.DateTimeParseException notAPartition) {
      return -1;
    }
  }

  public static String partName(long sequence) {
    return PART_PREFIX + String.format("%016x", sequence);
  }

  /** The sequence number in a part directory name, or -1 when it is not one. */
  public static long partSequence(String directoryName) {
    if (!directoryName.startsWith(PART_PREFIX)) {
      return -1;
    }
    try {
      return Long.parseUnsignedLong(directoryName.substring(PART_PREFIX.length()), 16);
    } catch (NumberFormatException notAPart) {
      return -1;
    }
  }
}
