package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open file being followed: its channel, where reading got to, its pending fragment and event.
 * The channel stays open through renames and deletion, so a rotated file is read to its end.
 *
 * <p>Truncation (copytruncate, {@code > file}) is seen two ways before each read: the file is now
 * shorter than where reading got to, or it no longer starts with the bytes of its {@link
 * Fingerprint} (it was truncated and written past the old position between two looks). Either way
 * the pending event and fragment are emitted (they were real content) and reading restarts at 0.
 *
 * <p>Not thread-safe: owned by the reader thread.
 */
final class TailedFile implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(TailedFile.class);

  private final FileIdentity identity;
  private final String label;
  private final FileChannel channel;
  private final LineBuffer lines;
  private final EventAssembler assembler;
  private final long partialLineTimeoutNanos;
  private Path path;
  private Fingerprint fingerprint;
  private long lastDataNanos;
  private boolean rotatedAway;
  private long truncations;

  private TailedFile(
      FileIdentity identity,
      String label,
      Path path,
      FileChannel channel,
      Fingerprint fingerprint,
      long offset,
      AgentSettings settings,
      long nowNanos) {
    this.identity = identity;
    this.label = label;
    this.path = path;
    this.channel = channel;
    this.fingerprint = fingerprint;
    this.lines = new LineBuffer(settings.maxEventBytes(), offset);
    this.assembler = EventAssembler.of(settings);
    this.partialLineTimeoutNanos = settings.partialLineTimeout().toNanos();
    this.lastDataNanos = nowNanos;
  }

  /**
   * Opens {@code path} if it is still the file {@code expected} names (a rename between the stat
   * and the open would otherwise attach the wrong file to the identity); null when it is not.
   *
   * @param offset where to start reading; beyond the end of the file means the file was truncated
   *     since, and reading starts at 0
   */
  static TailedFile openOrNull(
      Path path,
      FileIdentity expected,
      String label,
      long offset,
      AgentSettings settings,
      long nowNanos)
      throws IOException {
    requireNonNull(label, "label is null");
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      FileIdentity.Stat after = FileIdentity.stat(path);
      if (!after.identity().equals(expected)) {
        channel.close();
        return null;
      }
      long start = offset <= channel.size() ? offset : 0;
      Fingerprint fingerprint = Fingerprint.of(channel);
      return new TailedFile(expected, label, path, channel, fingerprint, start, settings, nowNanos);
    } catch (IOException | RuntimeException failure) {
      channel.close();
      throw failure;
    }
  }

  FileIdentity identity() {
    return identity;
  }

  /** The label the file's lines carry: its path when first seen. */
  String label() {
    return label;
  }

  /** Where the file is now (its name after a rename, as last seen). */
  Path path() {
    return path;
  }

  void movedTo(Path newPath) {
    if (!newPath.equals(path)) {
      LOG.info("file renamed file={} to={} (reading on)", path, newPath);
    }
    path = newPath;
    rotatedAway = false;
  }

  Fingerprint fingerprint() {
    return fingerprint;
  }

  /** The file no longer matches the globs under any name: read it to its end, then close it. */
  void markRotatedAway() {
    if (!rotatedAway) {
      LOG.info("file rotated or deleted file={} inode={} (reading it to its end)", path, identity);
    }
    rotatedAway = true;
  }

  boolean rotatedAway() {
    return rotatedAway;
  }

  long truncations() {
    return truncations;
  }

  /** Bytes of the file not read yet. */
  long unreadBytes() throws IOException {
    return Math.max(0, channel.size() - lines.nextOffset());
  }

  /**
   * The offset from which reading may resume after a restart: every event before it has been
   * emitted. The start of a pending event, else of the fragment.
   */
  long committableOffset() {
    long pendingStart = assembler.pendingStartOffset();
    return pendingStart >= 0 ? pendingStart : lines.fragmentStart();
  }

  /**
   * Reads what was appended since the last call, up to {@code budget} bytes.
   *
   * @param scratch the reader's buffer, reused across files
   * @param enough asked before each line: true stops reading (the batch is full)
   * @return bytes read; 0 at the end of the file
   */
  long read(
      ByteBuffer scratch,
      long budget,
      long nowNanos,
      BooleanSupplier enough,
      Consumer<FileEvent> sink)
      throws IOException {
    long size = channel.size();
    if (size < lines.nextOffset()) {
      restartAfterTruncation(
          "it is now " + size + " bytes, reading was at " + lines.nextOffset(), sink);
    } else if (size > lines.nextOffset() && !fingerprint.matches(channel)) {
      restartAfterTruncation("its first bytes changed", sink);
    }
    long total = 0;
    while (total < budget && !enough.getAsBoolean()) {
      scratch.clear();
      int read = channel.read(scratch, lines.nextOffset());
      if (read <= 0) {
        break;
      }
      scratch.flip();
      lines.append(
          scratch,
          (text, start, end) -> assembler.addLine(text, start, end, nowNanos, sink),
          enough);
      total += scratch.position();
      if (scratch.hasRemaining()) {
        break; // the batch is full: the rest is read again next time
      }
    }
    if (total > 0) {
      lastDataNanos = nowNanos;
      if (!fingerprint.isFull()) {
        Fingerprint extended = fingerprint.extendedOrNull(channel);
        fingerprint = extended != null ? extended : fingerprint;
      }
    }
    return total;
  }

  /**
   * Emits a fragment and an event that waited longer than their timeouts, when the file has been
   * read to its end (with reading paused by a full spool, the rest of the line may be unread).
   */
  void flushIdle(long nowNanos, Consumer<FileEvent> sink) throws IOException {
    if (unreadBytes() > 0) {
      return;
    }
    if (lines.hasFragment() && nowNanos - lastDataNanos >= partialLineTimeoutNanos) {
      lines.flushFragment(
          (text, start, end) -> assembler.addLine(text, start, end, nowNanos, sink));
    }
    assembler.flushIfIdle(nowNanos, sink);
  }

  /**
   * Checks the first bytes, as each scan does: a file truncated and written again to the length it
   * had (or beyond, before a read noticed) shows only here. Then it is read again from the start.
   */
  void checkFirstBytes(Consumer<FileEvent> sink) throws IOException {
    if (!fingerprint.matches(channel)) {
      restartAfterTruncation("its first bytes changed", sink);
    }
  }

  /** Emits everything pending: the fragment and the event (the file is being closed). */
  void flushAll(long nowNanos, Consumer<FileEvent> sink) {
    lines.flushFragment((text, start, end) -> assembler.addLine(text, start, end, nowNanos, sink));
    assembler.flush(sink);
  }

  /** Read to the end and quiet for {@code quietNanos}: a rotated file may be closed. */
  boolean finished(long nowNanos, long quietNanos) throws IOException {
    return unreadBytes() == 0 && nowNanos - lastDataNanos >= quietNanos;
  }

  private void restartAfterTruncation(String why, Consumer<FileEvent> sink) throws IOException {
    LOG.info("file truncated file={} reason=\"{}\" (reading it again from the start)", path, why);
    truncations++;
    lines.flushFragment((text, start, end) -> assembler.addLine(text, start, end, 0, sink));
    assembler.flush(sink);
    lines.reset(0);
    fingerprint = Fingerprint.of(channel);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return path + " (" + identity + ")";
  }
}
