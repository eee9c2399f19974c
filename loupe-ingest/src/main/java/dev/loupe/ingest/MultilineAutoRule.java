package dev.loupe.ingest;

import java.nio.charset.StandardCharsets;

/**
 * The {@link MultilineRule#AUTO} rule: tells, line by line, whether a line continues the event
 * before it. The forms it knows, with the output that produces them:
 *
 * <ul>
 *   <li>Any line starting with a space or a tab: Java frames ({@code \tat ...}, {@code \t... 5
 *       more}), Python frames ({@code File "x.py", line 3}), Go frames' file lines, Node.js frames,
 *       indented continuation lines of any logger.
 *   <li>Java: {@code Caused by: ...}, {@code Suppressed: ...}, {@code ... 12 more} (also without
 *       indentation), and an exception line such as {@code java.lang.IllegalStateException: boom}
 *       (a dotted class name whose last part ends in {@code Exception}, {@code Error} or {@code
 *       Throwable}, then a colon or the end of the line), which loggers print on the line after the
 *       message.
 *   <li>Python: {@code Traceback (most recent call last):}; after its indented frames, the one
 *       unindented line that names the exception ({@code ValueError: bad}, {@code
 *       KeyboardInterrupt}); the lines that chain tracebacks ({@code During handling of the above
 *       exception, ...}, {@code The above exception was the direct cause ...}).
 *   <li>Go: {@code goroutine 1 [running]:}; after it, the unindented function lines of the dump
 *       ({@code main.main()}, {@code main.(*T).f(0xc0, ...)}) and {@code created by ...}; a {@code
 *       [signal SIGSEGV ...]} line. {@code panic: ...} itself starts the event.
 * </ul>
 *
 * <p>Design note: a state machine on the bytes of each line, no regular expressions: this runs on
 * every line of every plain-text body, so it looks at a few leading bytes and, for the exception
 * line form, scans one token. The state remembers only which trace is being read (a Python
 * traceback's header or frames, a goroutine dump), which is what makes the unindented lines of
 * those forms recognisable. This is the same family of heuristics as Filebeat's and Fluent Bit's
 * multiline parsers for Java, Python and Go, written as one rule so that mixed logs work without
 * configuration. The trade-off: an unrelated line that happens to look like one of these forms
 * ({@code com.example.SomeError: x} logged on its own) is joined to the line before it; the
 * configurable start-of-event pattern exists for logs where that matters. Not thread-safe: one
 * instance per joiner.
 */
final class MultilineAutoRule {
  private enum State {
    NONE,
    PYTHON_TRACEBACK_HEADER,
    PYTHON_TRACEBACK_FRAMES,
    GOROUTINE
  }

  private static final byte[] PYTHON_TRACEBACK = ascii("Traceback (most recent call last):");
  private static final byte[] PYTHON_DURING_HANDLING =
      ascii("During handling of the above exception");
  private static final byte[] PYTHON_DIRECT_CAUSE =
      ascii("The above exception was the direct cause");
  private static final byte[] JAVA_CAUSED_BY = ascii("Caused by: ");
  private static final byte[] JAVA_SUPPRESSED = ascii("Suppressed: ");
  private static final byte[] JAVA_MORE_FRAMES = ascii("... ");
  private static final byte[] GO_GOROUTINE = ascii("goroutine ");
  private static final byte[] GO_CREATED_BY = ascii("created by ");
  private static final byte[] GO_SIGNAL = ascii("[signal ");
  private static final byte[][] EXCEPTION_SUFFIXES = {
    ascii("Exception"), ascii("Error"), ascii("Throwable")
  };

  private State state = State.NONE;

  /**
   * Whether the line continues the event before it (if there is one). Call for every line, in
   * order, whether or not an event is pending: the answer depends on the lines before.
   */
  boolean continuesEvent(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return true;
    }
    byte first = bytes[offset];
    if (first == ' ' || first == '\t') {
      if (state == State.PYTHON_TRACEBACK_HEADER) {
        state = State.PYTHON_TRACEBACK_FRAMES;
      }
      return true;
    }
    State previous = state;
    state = State.NONE;
    if (startsWith(bytes, offset, length, PYTHON_TRACEBACK)) {
      state = State.PYTHON_TRACEBACK_HEADER;
      return true;
    }
    if (previous == State.PYTHON_TRACEBACK_FRAMES) {
      return true;
    }
    if (isGoroutineHeader(bytes, offset, length)) {
      state = State.GOROUTINE;
      return true;
    }
    if (previous == State.GOROUTINE && isGoFunctionLine(bytes, offset, length)) {
      state = State.GOROUTINE;
      return true;
    }
    return startsWith(bytes, offset, length, JAVA_CAUSED_BY)
        || startsWith(bytes, offset, length, JAVA_SUPPRESSED)
        || isMoreFramesLine(bytes, offset, length)
        || startsWith(bytes, offset, length, PYTHON_DURING_HANDLING)
        || startsWith(bytes, offset, length, PYTHON_DIRECT_CAUSE)
        || startsWith(bytes, offset, length, GO_SIGNAL)
        || isJavaExceptionLine(bytes, offset, length);
  }

  /** {@code ... 12 more} or logback's {@code ... 12 common frames omitted}. */
  private static boolean isMoreFramesLine(byte[] bytes, int offset, int length) {
    int digitAt = JAVA_MORE_FRAMES.length;
    return startsWith(bytes, offset, length, JAVA_MORE_FRAMES)
        && length > digitAt
        && isDigit(bytes[offset + digitAt]);
  }

  /** {@code goroutine 18 [chan receive, 2 minutes]:} */
  private static boolean isGoroutineHeader(byte[] bytes, int offset, int length) {
    if (!startsWith(bytes, offset, length, GO_GOROUTINE)) {
      return false;
    }
    int index = offset + GO_GOROUTINE.length;
    int end = offset + length;
    int digitsStart = index;
    while (index < end && isDigit(bytes[index])) {
      index++;
    }
    return index > digitsStart && index + 1 < end && bytes[index] == ' ' && bytes[index + 1] == '[';
  }

  /** {@code main.main()}, {@code main.(*T).f(0xc0, {0x4b, 0x5})}, {@code created by main.main}. */
  private static boolean isGoFunctionLine(byte[] bytes, int offset, int length) {
    if (startsWith(bytes, offset, length, GO_CREATED_BY)) {
      return true;
    }
    if (bytes[offset + length - 1] != ')') {
      return false;
    }
    for (int index = offset; index < offset + length; index++) {
      if (bytes[index] == '(') {
        return index > offset;
      }
      if (bytes[index] == ' ') {
        return false;
      }
    }
    return false;
  }

  /**
   * {@code java.lang.IllegalStateException: boom} or {@code com.example.Outer$BadError}: dotted
   * identifiers, at least one dot, the last ending in an exception suffix, then ':' or the end.
   */
  private static boolean isJavaExceptionLine(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int index = offset;
    int dots = 0;
    int lastPartStart = offset;
    if (!isIdentifierStart(bytes[index])) {
      return false;
    }
    while (index < end && bytes[index] != ':') {
      byte b = bytes[index];
      if (b == '.') {
        dots++;
        lastPartStart = index + 1;
      } else if (!isIdentifierPart(b)) {
        return false;
      }
      index++;
    }
    if (dots == 0 || lastPartStart == index) {
      return false;
    }
    for (byte[] suffix : EXCEPTION_SUFFIXES) {
      if (index - lastPartStart >= suffix.length
          && regionEquals(bytes, index - suffix.length, suffix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isIdentifierStart(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == '$';
  }

  private static boolean isIdentifierPart(byte b) {
    return isIdentifierStart(b) || isDigit(b);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
    return length >= prefix.length && regionEquals(bytes, offset, prefix);
  }

  private static boolean regionEquals(byte[] bytes, int offset, byte[] expected) {
    for (int index = 0; index < expected.length; index++) {
      if (bytes[offset + index] != expected[index]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
