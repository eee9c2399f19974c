package dev.loupe.storage.wal;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the segments of a WAL directory when it is opened and makes the newest one safe to append
 * to.
 *
 * <p>Every segment is scanned and every frame checksummed. Only the newest segment can have a torn
 * tail (older ones were fsynced before their successor was created), so a bad frame there is the
 * remains of a write the crash interrupted: the file is truncated at the end of the last intact
 * frame, with a warning saying how many bytes went, and new batches follow the intact ones. A bad
 * frame in an older segment is damage, not a crash: it is logged as an error, replay of that
 * segment stops there, the file is left as it is for inspection, and later segments still count.
 */
final class WalRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(WalRecovery.class);

  private WalRecovery() {}

  /** The segments of {@code directory}, oldest first; the last is open for appending. */
  static List<Segment> recover(Path directory, ChannelOpener opener) throws IOException {
    TreeMap<Long, Path> files = listSegmentFiles(directory);
    if (files.isEmpty()) {
      return new ArrayList<>(List.of(Segment.create(directory, WalFormat.FIRST_POSITION, opener)));
    }
    SegmentScanner scanner = new SegmentScanner();
    List<SegmentScanner.Result> results = new ArrayList<>();
    for (Map.Entry<Long, Path> file : files.entrySet()) {
      results.add(
          scanner.scan(
              file.getValue(), file.getKey(), Long.MAX_VALUE, SegmentScanner.IGNORE_FRAMES));
    }
    List<Long> startPositions = new ArrayList<>(files.keySet());
    checkPositionsIncrease(files, startPositions, results);
    List<Segment> segments = new ArrayList<>();
    int lastIndex = startPositions.size() - 1;
    for (int i = 0; i < lastIndex; i++) {
      segments.add(
          olderSegment(files.get(startPositions.get(i)), startPositions.get(i), results.get(i)));
    }
    long newestStart = startPositions.get(lastIndex);
    segments.add(
        newestSegment(files.get(newestStart), newestStart, results.get(lastIndex), opener));
    return segments;
  }

  private static TreeMap<Long, Path> listSegmentFiles(Path directory) throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        long startPosition = WalFormat.segmentStartPosition(entry.getFileName().toString());
        if (startPosition >= WalFormat.FIRST_POSITION && Files.isRegularFile(entry)) {
          files.put(startPosition, entry);
        }
      }
    }
    return files;
  }

  /**
   * Each segment must end before the next one starts. Overlap means two WAL histories were mixed (a
   * copied directory): replaying both would hand out one position twice, so refuse. A gap is what
   * damage or a deleted file leaves: those batches are gone, say so and go on.
   */
  private static void checkPositionsIncrease(
      TreeMap<Long, Path> files, List<Long> startPositions, List<SegmentScanner.Result> results) {
    for (int i = 0; i + 1 < startPositions.size(); i++) {
      long nextPosition = startPositions.get(i) + results.get(i).batchCount();
      long nextStart = startPositions.get(i + 1);
      if (nextPosition > nextStart) {
        throw new LoupeException(
            ErrorCode.CORRUPT_DATA,
            "wal segment "
                + files.get(startPositions.get(i))
                + " holds batches up to position "
                + (nextPosition - 1)
                + ", past the start of the next segment at "
                + nextStart
                + "; the wal directory mixes two histories: keep only one of them");
      }
      if (nextPosition < nextStart && results.get(i).clean()) {
        LOG.atError()
            .addKeyValue("firstMissing", nextPosition)
            .addKeyValue("lastMissing", nextStart - 1)
            .log(
                "wal positions {} to {} are missing: a segment file was deleted by hand;"
                    + " their records cannot be replayed",
                nextPosition,
                nextStart - 1);
      }
    }
  }

  private static Segment olderSegment(Path path, long startPosition, SegmentScanner.Result result) {
    if (!result.clean()) {
      LOG.atError()
          .addKeyValue("segment", path)
          .addKeyValue("offset", result.intactBytes())
          .addKeyValue("skippedBytes", result.fileBytes() - result.intactBytes())
          .log(
              "wal segment {} is damaged ({}); replay of it stops after {} intact batches,"
                  + " {} bytes are skipped; the file is kept for inspection",
              path,
              result.problem(),
              result.batchCount(),
              result.fileBytes() - result.intactBytes());
    }
    return new Segment(
        path, startPosition, null, result.fileBytes(), result.intactBytes(), result.batchCount());
  }

  private static Segment newestSegment(
      Path path, long startPosition, SegmentScanner.Result result, ChannelOpener opener)
      throws IOException {
    FileChannel channel = opener.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (!result.headerUsable()) {
        logCut(path, 0, result);
        Segment.writeHeader(channel, startPosition);
        return new Segment(
            path, startPosition, channel, WalFormat.HEADER_BYTES, WalFormat.HEADER_BYTES, 0);
      }
      if (!result.clean()) {
        logCut(path, result.intactBytes(), result);
        channel.truncate(result.intactBytes());
      }
      // What was read may sit only in the page cache (the process died, the machine did not):
      // make it durable before new batches, acknowledged after their own fsync, depend on it.
      channel.force(true);
    } catch (IOException | RuntimeException failure) {
      try {
        channel.close();
      } catch (IOException closeFailure) {
        failure.addSuppressed(closeFailure);
      }
      throw failure;
    }
    return new Segment(
        path,
        startPosition,
        channel,
        result.intactBytes(),
        result.intactBytes(),
        result.batchCount());
  }

  private static void logCut(Path path, long offset, SegmentScanner.Result result) {
    long droppedBytes = result.fileBytes() - offset;
    LOG.atWarn()
        .addKeyValue("segment", path)
        .addKeyValue("offset", offset)
        .addKeyValue("droppedBytes", droppedBytes)
        .log(
            "cut the torn tail of wal segment {}: dropped {} bytes from offset {} ({});"
                + " normal after a crash, as unsynced batches were never acknowledged;"
                + " after a clean shutdown it means the disk damaged them",
            path,
            droppedBytes,
            offset,
            result.problem());
  }
}
