package dev.loupe.cli.bench;

import java.util.SplittableRandom;

/**
 * What the line kinds write into while one chunk of the data set is generated: the chunk's random
 * source, its raw text, the typed fields of the current line, the time text and the context of the
 * current line (its user, and the needle when this line carries it). One per chunk, used by one
 * thread.
 */
final class LineState {
  final SplittableRandom random;
  final AsciiBuffer raw;
  final AsciiBuffer fields = new AsciiBuffer(1024);
  final TimeText time = new TimeText();

  /** The current line's user (app lines), from which {@code {user}} is written. */
  int userNumber;

  /** The needle token when the current line carries it, else {@code null}. */
  byte[] needle;

  /** Lines of this chunk that hold the common term {@link DatasetGenerator#COMMON_TERM}. */
  long commonTermLines;

  /** Recent trace ids (two longs each) that a new app line may continue. */
  private static final int RECENT_TRACES = 8;

  /** Chance in ten that an app line continues a recent trace, as a request crossing services. */
  private static final int TRACE_REUSE_IN_TEN = 3;

  private final long[] traceHigh = new long[RECENT_TRACES];
  private final long[] traceLow = new long[RECENT_TRACES];
  private int tracesKnown;

  LineState(SplittableRandom random, AsciiBuffer raw) {
    this.random = random;
    this.raw = raw;
  }

  byte[] pick(byte[][] choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** A heavy-tailed latency in ms: mostly 1 to 80, one in ten up to 3 s, as services look. */
  int latencyMillis() {
    return random.nextInt(10) == 0 ? 80 + random.nextInt(3_000) : 1 + random.nextInt(80);
  }

  /** Appends a 32-digit trace id: a recent one three times in ten, else a new one. */
  void appendTraceId(AsciiBuffer out) {
    if (tracesKnown > 0 && random.nextInt(10) < TRACE_REUSE_IN_TEN) {
      int slot = random.nextInt(Math.min(tracesKnown, RECENT_TRACES));
      out.appendHex(traceHigh[slot], 16).appendHex(traceLow[slot], 16);
      return;
    }
    int slot = tracesKnown++ % RECENT_TRACES;
    traceHigh[slot] = random.nextLong();
    traceLow[slot] = random.nextLong();
    out.appendHex(traceHigh[slot], 16).appendHex(traceLow[slot], 16);
  }

  /** Appends {@code length} random lower-case letters and digits: always one long token. */
  void appendToken(AsciiBuffer out, int length) {
    for (int index = 0; index < length; index++) {
      int value = random.nextInt(36);
      out.append((char) (value < 10 ? '0' + value : 'a' + value - 10));
    }
  }
}
