package dev.loupe.ingest.decode;

import dev.loupe.ingest.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a syslog TCP stream into messages, with both framings of RFC 6587 told apart frame by
 * frame, as rsyslog and syslog-ng do: a frame that starts with a nonzero digit, up to {@link
 * Limits#SYSLOG_MAX_OCTET_COUNT_DIGITS} digits in all, and a space is octet-counted ({@code 11
 * <13>1 - ...}: the count says how many bytes the message has, so it may hold newlines); any other
 * frame ends at the next {@code \n} (non-transparent framing; a {@code \r} before it is dropped,
 * empty lines are skipped). A syslog message starts with {@code <}, so the two cannot be confused
 * for well-formed traffic; a line that starts with digits but no space after them is a line.
 *
 * <p>Messages longer than the limit are cut to it and handed on with their original length (the
 * decoder marks them {@code syslog.truncated}); the rest of such a frame is skipped, so the
 * following frames stay in step and memory stays bounded whatever a client sends. At the end of the
 * stream, an unfinished line is a message (the last line needs no {@code \n}); an unfinished
 * octet-counted frame is rejected, as its sender did not finish it.
 *
 * <p>Design note: push-based, so a connection feeds each read as it comes, and the framing is
 * tested apart from sockets. A frame that lies wholly within one read is handed on as a slice of
 * the caller's buffer, copied nowhere; only a frame split across reads is gathered in a buffer of
 * the framer's own, which starts at {@link Limits#SYSLOG_INITIAL_FRAME_BUFFER_BYTES} and grows to
 * the message limit at most. Not thread-safe: one framer per connection.
 */
public final class SyslogFramer {
  /** Receives the frames in stream order, on the thread that feeds the framer. */
  public interface FrameSink {
    /**
     * One message: {@code bytes[offset, offset + length)}, valid only during the call (a slice of
     * the fed buffer or of the framer's own). {@code originalLength} is greater than {@code length}
     * when the message was cut to the limit.
     */
    void frame(byte[] bytes, int offset, int length, long originalLength);

    /** A frame that could not be delivered, with why. */
    void rejected(String reason);
  }

  private enum State {
    /** Between frames. */
    START,
    /** Reading the digits of what may be an octet count. */
    COUNT,
    /** Reading the {@link #remainingOctets} bytes of an octet-counted frame. */
    OCTETS,
    /** Reading a frame that ends at {@code \n}. */
    LINE
  }

  private final int maxMessageBytes;
  private State state = State.START;
  private long count;
  private int countDigits;
  private long remainingOctets;

  /** The frame's length so far (its kept bytes plus those cut beyond the limit). */
  private long frameLength;

  /** The start of the frame's kept bytes gathered from earlier reads: {@code [0, kept)}. */
  private byte[] gathered = new byte[0];

  private int kept;

  /** Whether the frame's last byte so far is a {@code \r}, which a line drops before its end. */
  private boolean lastByteWasCarriageReturn;

  public SyslogFramer(int maxMessageBytes) {
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Frames the bytes {@code [offset, offset + length)} read from the stream. */
  public void feed(byte[] bytes, int offset, int length, FrameSink sink) {
    int end = offset + length;
    int index = offset;
    while (index < end) {
      index =
          switch (state) {
            case START -> start(bytes, index);
            case COUNT -> count(bytes, index, end);
            case OCTETS -> octets(bytes, index, end, sink);
            case LINE -> line(bytes, index, end, sink);
          };
    }
  }

  /** The stream ended: hands on an unfinished line, rejects an unfinished octet frame. */
  public void finish(FrameSink sink) {
    switch (state) {
      case START -> {}
      case COUNT -> {
        // Digits and then the end: a line of digits.
        gatherCountDigits();
        emitGathered(sink, false);
      }
      case OCTETS ->
          sink.rejected(
              "the input ended after "
                  + (count - remainingOctets)
                  + " of the "
                  + count
                  + " bytes of an octet-counted message");
      case LINE -> emitGathered(sink, true);
    }
    reset();
  }

  private int start(byte[] bytes, int index) {
    byte first = bytes[index];
    if (first == '\n') {
      return index + 1;
    }
    if (first >= '1' && first <= '9') {
      state = State.COUNT;
      count = first - '0';
      countDigits = 1;
      return index + 1;
    }
    state = State.LINE;
    frameLength = 0;
    kept = 0;
    return index;
  }

  private int count(byte[] bytes, int index, int end) {
    int at = index;
    while (at < end) {
      byte current = bytes[at];
      if (current == ' ') {
        state = State.OCTETS;
        remainingOctets = count;
        frameLength = 0;
        kept = 0;
        return at + 1;
      }
      if (current < '0' || current > '9' || countDigits == Limits.SYSLOG_MAX_OCTET_COUNT_DIGITS) {
        // Not a count: the digits were the start of a line.
        gatherCountDigits();
        state = State.LINE;
        return at;
      }
      count = count * 10 + (current - '0');
      countDigits++;
      at++;
    }
    return at;
  }

  /** Puts the digits read as a possible count back as the first bytes of a line. */
  private void gatherCountDigits() {
    byte[] digits = Long.toString(count).getBytes(StandardCharsets.US_ASCII);
    frameLength = 0;
    kept = 0;
    gather(digits, 0, digits.length);
  }

  private int octets(byte[] bytes, int index, int end, FrameSink sink) {
    int available = (int) Math.min(remainingOctets, end - index);
    remainingOctets -= available;
    if (remainingOctets > 0) {
      gather(bytes, index, available);
      return index + available;
    }
    if (frameLength == 0) {
      // The whole frame is in this read: hand on a slice.
      sink.frame(bytes, index, Math.min(available, maxMessageBytes), available);
    } else {
      gather(bytes, index, available);
      sink.frame(gathered, 0, kept, frameLength);
    }
    reset();
    return index + available;
  }

  private int line(byte[] bytes, int index, int end, FrameSink sink) {
    int newline = Newlines.indexOf(bytes, index, end);
    if (newline < 0) {
      gather(bytes, index, end - index);
      return end;
    }
    if (frameLength == 0) {
      int length = newline - index;
      if (length > 0 && bytes[newline - 1] == '\r') {
        length--;
      }
      if (length > 0) {
        sink.frame(bytes, index, Math.min(length, maxMessageBytes), length);
      }
    } else {
      gather(bytes, index, newline - index);
      emitGathered(sink, true);
    }
    reset();
    return newline + 1;
  }

  /** Hands on the gathered frame, without a trailing {@code \r} for a line; skips it if empty. */
  private void emitGathered(FrameSink sink, boolean dropCarriageReturn) {
    long length = frameLength;
    int keptLength = kept;
    if (dropCarriageReturn && lastByteWasCarriageReturn) {
      // The \r is kept only when nothing was cut; beyond the limit it was only counted.
      if (keptLength == length) {
        keptLength--;
      }
      length--;
    }
    if (length > 0) {
      sink.frame(gathered, 0, keptLength, length);
    }
  }

  /** Adds bytes to the frame: kept up to the limit, counted beyond it. */
  private void gather(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return;
    }
    frameLength += length;
    lastByteWasCarriageReturn = bytes[offset + length - 1] == '\r';
    int keep = Math.min(length, maxMessageBytes - kept);
    if (keep <= 0) {
      return;
    }
    ensureCapacity(kept + keep);
    System.arraycopy(bytes, offset, gathered, kept, keep);
    kept += keep;
  }

  private void ensureCapacity(int needed) {
    if (needed <= gathered.length) {
      return;
    }
    int grown = Math.max(Limits.SYSLOG_INITIAL_FRAME_BUFFER_BYTES, gathered.length * 2);
    gathered = Arrays.copyOf(gathered, Math.min(maxMessageBytes, Math.max(grown, needed)));
  }

  private void reset() {
    state = State.START;
    frameLength = 0;
    kept = 0;
    count = 0;
    countDigits = 0;
    remainingOctets = 0;
    lastByteWasCarriageReturn = false;
  }
}
