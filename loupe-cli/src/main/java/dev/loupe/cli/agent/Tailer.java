package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader: finds files, follows them, assembles events, fills batches and seals them into the
 * spool, and saves the offsets the sealed batches cover.
 *
 * <p>Design note. Files are known by {@link FileIdentity} (device and inode), not by name, so a
 * rotation by rename is just a file that changed its name or left the globs: its channel stays
 * open, it is read to its end, and it is closed once quiet ({@code --close-rotated-after}). The new
 * file at the old name is a new identity, read from its start; it waits until the file it replaces
 * is read to its end, so lines keep their order. Truncation is {@link TailedFile}'s business.
 *
 * <p>Offsets. A file's saved offset is where its first event not yet in a sealed batch starts
 * ({@link TailedFile#committableOffset}). Sealing writes the segment durably, then the state file
 * (offsets and the next segment number together), then publishes the segment to the shipper. So
 * after a crash the state's offsets cover exactly the segments below its next segment number: the
 * spool's older segments are sent, newer ones deleted and their lines read again. The spool is the
 * hand-over point: a line is safe once its batch is on disk, and shipped at least once.
 *
 * <p>Backpressure. When the spool is full, a batch that is due waits; reading continues until the
 * batch is full, then stops. Unread lines stay in the files.
 *
 * <p>Not thread-safe: every method runs on the reader thread. The gauges are readable from any
 * thread.
 */
final class Tailer {
  private static final Logger LOG = LoggerFactory.getLogger(Tailer.class);

  private final AgentSettings settings;
  private final InstantSource clock;
  private final FileGlob glob;
  private final Spool spool;
  private final Path stateFile;
  private final BatchBuilder batch;
  private final ByteBuffer scratch = ByteBuffer.allocate(AgentLimits.READ_BUFFER_BYTES);
  private final Map<FileIdentity, TailedFile> files = new LinkedHashMap<>();

  /** Files that could not be opened, reported once each (a scan every few seconds would spam). */
  private final Set<Path> openFailures = new HashSet<>();

  private final long scanIntervalNanos;
  private final long lingerNanos;
  private final long closeRotatedAfterNanos;
  private final Map<FileIdentity, AgentState.FileOffset> restored;
  private final boolean firstStart;
  private boolean firstScanDone;
  private long nextScanNanos;
  private long nextSegment;
  private byte[] unwrittenBody;
  private boolean stateStale;
  private boolean warnedNoFiles;

  private volatile long linesRead;
  private volatile long truncationsSeen;
  private volatile int fileCount;
  private volatile long unreadBytes;
  private volatile boolean paused;

  /**
   * @param state what the last run saved, or null on the very first start
   */
  Tailer(
      AgentSettings settings, InstantSource clock, Spool spool, Path stateFile, AgentState state) {
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.spool = requireNonNull(spool, "spool is null");
    this.stateFile = requireNonNull(stateFile, "stateFile is null");
    this.glob = FileGlob.of(settings.includes(), settings.excludes());
    this.batch = new BatchBuilder(settings.labels());
    this.scanIntervalNanos = settings.scanInterval().toNanos();
    this.lingerNanos = settings.linger().toNanos();
    this.closeRotatedAfterNanos = settings.closeRotatedAfter().toNanos();
    this.firstStart = state == null;
    AgentState known = state == null ? AgentState.EMPTY : state;
    this.nextSegment = known.nextSegment();
    this.restored = new HashMap<>();
    for (AgentState.FileOffset offset : known.files()) {
      restored.put(offset.identity(), offset);
    }
  }

  /**
   * One round: scan when due, read what is new (unless the batch is full), emit what waited too
   * long, close finished rotated files, seal the batch when due.
   *
   * @return whether anything was read; when not, the caller sleeps a poll interval
   */
  boolean round() {
    long now = nowNanos();
    if (!firstScanDone || now - nextScanNanos >= 0) {
      scan(now);
      nextScanNanos = now + scanIntervalNanos;
    }
    boolean read = readFiles(now);
    for (TailedFile file : files.values()) {
      try {
        file.flushIdle(now, event -> add(file, event, now));
      } catch (IOException failure) {
        // A read failure shows at the next read, which closes the file.
      }
    }
    closeFinished(now);
    sealIfDue(now, false);
    updateGauges();
    return read;
  }

  /** On stop: seals what was read (if the spool has room) and saves the offsets. */
  void stop() {
    long now = nowNanos();
    sealIfDue(now, true);
    if (stateStale) {
      writeState();
    }
    for (TailedFile file : files.values()) {
      closeQuietly(file);
    }
    files.clear();
    updateGauges();
  }

  long linesRead() {
    return linesRead;
  }

  long truncations() {
    return truncationsSeen;
  }

  int files() {
    return fileCount;
  }

  long unreadBytes() {
    return unreadBytes;
  }

  boolean paused() {
    return paused;
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  // ---- discovery

  private void scan(long now) {
    Map<FileIdentity, Path> matched = new LinkedHashMap<>();
    Map<FileIdentity, Long> sizes = new HashMap<>();
    for (Path path : glob.expand()) {
      try {
        FileIdentity.Stat stat = FileIdentity.stat(path);
        if (stat.regularFile() && matched.putIfAbsent(stat.identity(), path) == null) {
          sizes.put(stat.identity(), stat.size());
        }
      } catch (IOException vanished) {
        // Deleted or renamed between the listing and the stat: the next scan sees where it went.
      }
    }
    for (TailedFile file : files.values()) {
      Path path = matched.get(file.identity());
      if (path != null) {
        file.movedTo(path);
        checkFirstBytes(file, now);
      } else {
        file.markRotatedAway();
      }
    }
    for (Map.Entry<FileIdentity, Path> entry : matched.entrySet()) {
      if (!files.containsKey(entry.getKey())) {
        follow(entry.getValue(), entry.getKey(), sizes.get(entry.getKey()), now);
      }
    }
    if (!firstScanDone) {
      firstScanDone = true;
      findRotatedWhileStopped(now);
      restored.clear();
      if (firstStart) {
        writeState(); // records where --read-from put each file, should the agent stop early
      }
    }
    if (files.isEmpty() && !warnedNoFiles) {
      warnedNoFiles = true;
      LOG.warn(
          "no file matches {} yet; looking again every {} s",
          settings.includes(),
          settings.scanInterval().toSeconds());
    }
  }

  /** Starts following a file the globs match that is not followed yet. */
  private void follow(Path path, FileIdentity identity, long size, long now) {
    AgentState.FileOffset saved = restored.remove(identity);
    long offset = 0;
    String label = path.toString();
    String from = "the start (new file)";
    if (saved != null && startsWith(path, saved.fingerprint())) {
      offset = saved.offset();
      label = saved.label();
      from = "offset " + offset + " (saved)";
    } else if (saved != null) {
      from = "the start (same inode as a saved file, other content)";
    } else if (firstStart && !firstScanDone && settings.readFrom() == AgentSettings.ReadFrom.END) {
      offset = size;
      from = "the end (first start, --read-from end)";
    } else if (firstStart && !firstScanDone) {
      from = "the start (first start, --read-from beginning)";
    }
    open(path, identity, label, offset, now, false, from);
  }

  /**
   * After a restart: a saved file the globs no longer match may have been rotated while the agent
   * was stopped, with lines it had not read. Look for it beside where it was last seen, by inode
   * and fingerprint, and read it to its end.
   */
  private void findRotatedWhileStopped(long now) {
    for (AgentState.FileOffset saved : restored.values()) {
      Path directory = saved.path().getParent();
      if (directory == null || !Files.isDirectory(directory)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
        for (Path candidate : entries) {
          FileIdentity.Stat stat = statOrNull(candidate);
          if (stat == null
              || !stat.regularFile()
              || !stat.identity().equals(saved.identity())
              || stat.size() <= saved.offset()
              || !startsWith(candidate, saved.fingerprint())) {
            continue;
          }
          open(
              candidate,
              saved.identity(),
              saved.label(),
              saved.offset(),
              now,
              true,
              "offset " + saved.offset() + " (rotated while the agent was stopped)");
          break;
        }
      } catch (IOException unreadable) {
        LOG.warn(
            "cannot look for rotated file={} error=\"{}\"", saved.path(), unreadable.toString());
      }
    }
  }

  private void open(
      Path path,
      FileIdentity identity,
      String label,
      long offset,
      long now,
      boolean rotatedAway,
      String from) {
    try {
      TailedFile file = TailedFile.openOrNull(path, identity, label, offset, settings, now);
      if (file == null) {
        return; // renamed while being opened; the next scan finds it under its new name
      }
      if (rotatedAway) {
        file.markRotatedAway();
      }
      files.put(identity, file);
      stateStale = true;
      LOG.info("following file={} from {}", path, from);
      openFailures.remove(path);
    } catch (IOException failure) {
      if (openFailures.add(path)) {
        LOG.warn(
            "cannot open file={} error=\"{}\" (trying again at each scan; check permissions)",
            path,
            failure.toString());
      }
    }
  }

  private void checkFirstBytes(TailedFile file, long now) {
    long before = file.truncations();
    try {
      file.checkFirstBytes(event -> add(file, event, now));
    } catch (IOException failure) {
      return; // a read failure shows at the next read, which closes the file
    }
    if (file.truncations() != before) {
      truncationsSeen += file.truncations() - before;
      stateStale = true;
    }
  }

  private static boolean startsWith(Path path, Fingerprint fingerprint) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return fingerprint.matches(channel);
    } catch (IOException unreadable) {
      return false;
    }
  }

  private static FileIdentity.Stat statOrNull(Path path) {
    try {
      return FileIdentity.stat(path);
    } catch (IOException gone) {
      return null;
    }
  }

  // ---- reading

  private boolean readFiles(long now) {
    Set<String> waitingLabels = labelsWithUnreadRotatedFiles();
    boolean readAny = false;
    for (Iterator<TailedFile> iterator = files.values().iterator(); iterator.hasNext(); ) {
      if (batchFull()) {
        break;
      }
      TailedFile file = iterator.next();
      if (!file.rotatedAway() && waitingLabels.contains(file.label())) {
        continue; // its predecessor first, so that lines keep their order
      }
      long truncationsBefore = file.truncations();
      try {
        long read =
            file.read(
                scratch,
                AgentLimits.MAX_BYTES_PER_FILE_PER_ROUND,
                now,
                this::batchFull,
                event -> add(file, event, now));
        readAny |= read > 0;
      } catch (IOException failure) {
        LOG.warn("cannot read file={} error=\"{}\" (closing it)", file.path(), failure.toString());
        file.flushAll(now, event -> add(file, event, now));
        closeQuietly(file);
        iterator.remove();
        stateStale = true;
      }
      if (file.truncations() != truncationsBefore) {
        truncationsSeen += file.truncations() - truncationsBefore;
        stateStale = true;
      }
    }
    return readAny;
  }

  private Set<String> labelsWithUnreadRotatedFiles() {
    Set<String> labels = new HashSet<>();
    for (TailedFile file : files.values()) {
      if (file.rotatedAway() && unreadOf(file) > 0) {
        labels.add(file.label());
      }
    }
    return labels;
  }

  private void add(TailedFile file, FileEvent event, long now) {
    batch.add(event, file.label(), now);
    linesRead++;
  }

  private boolean batchFull() {
    return batch.lines() >= settings.batchLines()
        || batch.uncompressedBytes() >= settings.batchBytes();
  }

  private void closeFinished(long now) {
    for (Iterator<TailedFile> iterator = files.values().iterator(); iterator.hasNext(); ) {
      TailedFile file = iterator.next();
      if (!file.rotatedAway()) {
        continue;
      }
      boolean finished;
      try {
        finished = file.finished(now, closeRotatedAfterNanos);
      } catch (IOException failure) {
        finished = true;
      }
      if (finished) {
        file.flushAll(now, event -> add(file, event, now));
        closeQuietly(file);
        iterator.remove();
        stateStale = true;
        LOG.info("closed rotated file={} inode={} (read to its end)", file.path(), file.identity());
      }
    }
  }

  // ---- sealing

  private void sealIfDue(long now, boolean stopping) {
    if (unwrittenBody == null && batch.lines() == 0) {
      paused = false;
      if (stateStale) {
        writeState(); // a file was opened, closed or truncated: everything read is sealed
      }
      return;
    }
    boolean due =
        stopping
            || unwrittenBody != null
            || batchFull()
            || now - batch.firstAddNanos() >= lingerNanos;
    if (!due) {
      return;
    }
    if (!spool.hasRoom()) {
      if (!paused) {
        LOG.warn(
            "spool full ({} in {} batches, --max-buffer-mb {}); reading paused until the server"
                + " takes batches again",
            AgentStatus.bytes(spool.bytes()),
            spool.segments(),
            settings.maxBufferBytes() >> 20);
      }
      paused = true;
      return;
    }
    paused = false;
    if (unwrittenBody == null) {
      unwrittenBody = batch.finish();
    }
    Spool.Segment segment;
    try {
      segment = spool.write(nextSegment, unwrittenBody);
    } catch (IOException failure) {
      LOG.error(
          "cannot write to the spool dir={} error=\"{}\" (disk full?); retrying, reading paused",
          settings.dataDirectory(),
          failure.toString());
      return;
    }
    unwrittenBody = null;
    nextSegment++;
    writeState();
    spool.publish(segment);
  }

  /** Saves the offsets; a failure is logged and retried with the next batch (see class note). */
  private void writeState() {
    List<AgentState.FileOffset> offsets = new ArrayList<>();
    for (TailedFile file : files.values()) {
      offsets.add(
          new AgentState.FileOffset(
              file.identity(),
              file.fingerprint(),
              file.committableOffset(),
              file.label(),
              file.path()));
    }
    try {
      StateFile.write(stateFile, new AgentState(nextSegment, offsets));
      stateStale = false;
    } catch (IOException failure) {
      stateStale = true;
      LOG.error("cannot save offsets file={} error=\"{}\"", stateFile, failure.toString());
    }
  }

  private void updateGauges() {
    long unread = 0;
    for (TailedFile file : files.values()) {
      unread += unreadOf(file);
    }
    unreadBytes = unread;
    fileCount = files.size();
  }

  private static long unreadOf(TailedFile file) {
    try {
      return file.unreadBytes();
    } catch (IOException failure) {
      return 0;
    }
  }

  private static void closeQuietly(TailedFile file) {
    try {
      file.close();
    } catch (IOException failure) {
      LOG.debug("closing file={} failed error=\"{}\"", file.path(), failure.toString());
    }
  }
}
