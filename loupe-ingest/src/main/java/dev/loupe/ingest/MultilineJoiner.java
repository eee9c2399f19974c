package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Joins the lines of multi-line events (stack traces, indented continuation lines) into one event
 * each, for plain-text bodies and for files tailed by the agent. Which lines continue an event is
 * the {@link MultilineRule}'s decision (by default {@link MultilineRule#AUTO}; see {@link
 * MultilineAutoRule} for the forms it knows).
 *
 * <p>Use:
 *
 * <ol>
 *   <li>{@link #add(byte[], int, int, long)} (or {@link #add(String, long)}) every line in order,
 *       without its line terminator, with its 1-based line number in the source. A line that starts
 *       a new event first hands the pending event to the {@link EventConsumer}; a line that
 *       continues one is kept with it.
 *   <li>{@link #flush()} at the end of the input (the end of a body, a file that was closed): the
 *       pending event is handed on. Call it also when the lines stop being consecutive (a line was
 *       skipped because it was too long), so that nothing is joined across the gap.
 *   <li>When tailing, {@link #flushIfIdle()} from the reading thread every idle period (for example
 *       each time a poll of the file finds nothing new): the last event of a file that stopped
 *       growing would otherwise wait for the next line forever. It hands on the pending event when
 *       no line was added since the previous call, so an event goes out between one and two idle
 *       periods after its last line.
 * </ol>
 *
 * <p>An event is its lines joined with {@code \n}, in UTF-8 as they came (the consumer decides how
 * to treat invalid bytes; {@code new String(bytes, UTF_8)} replaces them with U+FFFD). Its line
 * number is that of its first line and it says how many lines it holds, so a caller can still name
 * the lines of the source. Limits: an event holds at most {@code maxEventLines} lines and {@code
 * maxEventBytes} bytes; the line that would cross either starts a new event, so nothing is ever
 * dropped or cut (a single line longer than {@code maxEventBytes} is an event of its own). With
 * {@link MultilineRule#OFF} every line is handed on at once, with no copy.
 *
 * <p>Design note: lines are copied into one growing buffer (a pending event must outlive the
 * caller's line buffer); the buffer grows by doubling up to the size of the largest event, and is
 * reused for the next event. The rule is asked about every line, pending event or not, because the
 * AUTO rule's state (inside a Python traceback, inside a goroutine dump) depends on the lines
 * before. Compared with a time-based flush inside the joiner, the idle call needs no clock and no
 * thread of its own, and the caller's poll loop already runs on a timer.
 *
 * <p>Not thread-safe: one instance per input (body, file), used by the thread that reads it.
 */
public final class MultilineJoiner {
  /** Receives each complete event, on the thread that called add or flush. */
  @FunctionalInterface
  public interface EventConsumer {
    /**
     * One event. The bytes belong to the joiner and change after the call returns: copy what must
     * be kept.
     *
     * @param firstLineNumber the line number given with the event's first line
     * @param lineCount how many lines the event holds, at least 1
     */
    void event(byte[] bytes, int offset, int length, long firstLineNumber, int lineCount)
        throws IOException;
  }

  private static final int INITIAL_BUFFER_BYTES = 1024;

  private final int maxEventLines;
  private final int maxEventBytes;
  private final EventConsumer consumer;
  private final MultilineAutoRule autoRule;
  private final MultilineStartPattern startPattern;
  private final boolean joining;

  private byte[] pending = new byte[0];
  private int pendingLength;
  private int pendingLines;
  private long pendingFirstLineNumber;
  private boolean addedSinceIdleCheck;

  /**
   * @param rule which lines continue an event
   * @param maxEventLines most lines an event holds (see {@link IngestLimits#maxEventLines()})
   * @param maxEventBytes most bytes an event holds (see {@link IngestLimits#maxEventBytes()})
   * @param consumer receives every event
   */
  public MultilineJoiner(
      MultilineRule rule, int maxEventLines, int maxEventBytes, EventConsumer consumer) {
    requireNonNull(rule, "rule is null");
    if (maxEventLines < 1 || maxEventBytes < 1) {
      throw new IllegalArgumentException(
          "event limits must be positive: lines=" + maxEventLines + " bytes=" + maxEventBytes);
    }
    this.maxEventLines = maxEventLines;
    this.maxEventBytes = maxEventBytes;
    this.consumer = requireNonNull(consumer, "consumer is null");
    this.joining = rule.mode() != MultilineRule.Mode.OFF;
    this.autoRule = rule.mode() == MultilineRule.Mode.AUTO ? new MultilineAutoRule() : null;
    this.startPattern =
        rule.mode() == MultilineRule.Mode.START_PATTERN
            ? new MultilineStartPattern(rule.startPattern())
            : null;
  }

  /** With the limits of {@code limits}. */
  public MultilineJoiner(MultilineRule rule, IngestLimits limits, EventConsumer consumer) {
    this(rule, limits.maxEventLines(), limits.maxEventBytes(), consumer);
  }

  /**
   * Adds the next line (its bytes without the terminator); may hand the pending event to the
   * consumer first. The bytes are only read during the call.
   */
  public void add(byte[] bytes, int offset, int length, long lineNumber) throws IOException {
    addedSinceIdleCheck = true;
    if (!joining) {
      consumer.event(bytes, offset, length, lineNumber, 1);
      return;
    }
    boolean continues = continuesEvent(bytes, offset, length);
    boolean fits =
        pendingLines < maxEventLines && (long) pendingLength + 1 + length <= maxEventBytes;
    if (pendingLines > 0 && !(continues && fits)) {
      flush();
    }
    if (length > maxEventBytes) {
      consumer.event(bytes, offset, length, lineNumber, 1);
      return;
    }
    append(bytes, offset, length, lineNumber);
  }

  /** {@link #add(byte[], int, int, long)} for a line already decoded. */
  public void add(String line, long lineNumber) throws IOException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    add(bytes, 0, bytes.length, lineNumber);
  }

  /** Hands the pending event, if any, to the consumer. */
  public void flush() throws IOException {
    if (pendingLines == 0) {
      return;
    }
    int length = pendingLength;
    int lines = pendingLines;
    pendingLength = 0;
    pendingLines = 0;
    consumer.event(pending, 0, length, pendingFirstLineNumber, lines);
  }

  /**
   * For tailing: flushes the pending event when no line was added since the previous call; see the
   * class comment. Returns whether an event was handed on.
   */
  public boolean flushIfIdle() throws IOException {
    boolean idle = !addedSinceIdleCheck;
    addedSinceIdleCheck = false;
    if (!idle || pendingLines == 0) {
      return false;
    }
    flush();
    return true;
  }

  /** Whether an event is waiting for its next line or a flush. */
  public boolean hasPending() {
    return pendingLines > 0;
  }

  private boolean continuesEvent(byte[] bytes, int offset, int length) {
    if (autoRule != null) {
      return autoRule.continuesEvent(bytes, offset, length);
    }
    return !startPattern.startsEvent(bytes, offset, length);
  }

  private void append(byte[] bytes, int offset, int length, long lineNumber) {
    int separator = pendingLines > 0 ? 1 : 0;
    int needed = pendingLength + separator + length;
    if (needed > pending.length) {
      int grown = Math.max(pending.length * 2, INITIAL_BUFFER_BYTES);
      pending = Arrays.copyOf(pending, Math.max(needed, Math.min(grown, maxEventBytes)));
    }
    if (separator == 1) {
      pending[pendingLength++] = '\n';
    } else {
      pendingFirstLineNumber = lineNumber;
    }
    System.arraycopy(bytes, offset, pending, pendingLength, length);
    pendingLength += length;
    pendingLines++;
  }
}
