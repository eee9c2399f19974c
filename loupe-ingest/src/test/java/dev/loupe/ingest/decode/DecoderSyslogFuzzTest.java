package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random tests of the syslog framing and decoding: streams of random frames, split into
 * random reads, must come out frame for frame (the framer never loses a boundary, whatever the
 * reads), every frame decodes without throwing, and RFC 5424 messages built from random parts give
 * those parts back.
 *
 * <p>Bounded for CI (a few seconds). Longer runs: {@code -Dloupe.fuzz.seconds=600}; another start
 * seed: {@code -Dloupe.fuzz.seed=N}. A failure names the seed of its case; replay it with {@code
 * -Dloupe.fuzz.seed=<seed> -Dloupe.fuzz.cases=1}.
 */
class DecoderSyslogFuzzTest {
  private static final long FIRST_SEED = Long.getLong("loupe.fuzz.seed", 20261122L);
  private static final int CASES = Integer.getInteger("loupe.fuzz.cases", 200);
  private static final long SECONDS = Long.getLong("loupe.fuzz.seconds", 0L);
  private static final int MAX_MESSAGE_BYTES = 300;
  private static final long RECEIVED = 1_763_812_800_000_000_000L;
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  /** One frame as the framer must hand it on. */
  record Expected(byte[] kept, long originalLength) {}

  /** A random stream, what the framer must make of it, and the 5424 messages it holds. */
  record Case(byte[] stream, List<Expected> frames, List<Built> built) {}

  /** An RFC 5424 message built from known parts, with the record it must decode to. */
  record Built(byte[] message, long timeNanos, List<Field> fields, String text) {}

  @Test
  void wellFormedStreamsComeOutFrameForFrame() {
    forEachCase(
        random -> {
          Case generated = wellFormedStream(random);
          List<Expected> actual = frame(generated.stream(), random);
          assertSameFrames(actual, generated.frames());
          decodeAll(actual);
        });
  }

  @Test
  void garbageStreamsFrameAsTheReferenceSaysAndNeverThrow() {
    forEachCase(
        random -> {
          byte[] stream = garbage(random);
          List<Expected> actual = frame(stream, random);
          assertSameFrames(actual, referenceFrames(stream));
          decodeAll(actual);
        });
  }

  @Test
  void rfc5424MessagesGiveTheirPartsBack() {
    forEachCase(
        random -> {
          DecoderSyslog decoder = newDecoder();
          for (int index = 0; index < 20; index++) {
            Built built = rfc5424(random, true);
            LogRecord record = decoder.decode(built.message(), 0, built.message().length, RECEIVED);
            assertThat(record.field(DecoderSyslog.FIELD_ERROR))
                .as("%s", new String(built.message(), UTF_8))
                .isNull();
            assertThat(record.timeNanos()).isEqualTo(built.timeNanos());
            assertThat(record.message()).isEqualTo(built.text());
            // facility, severity, level; then the parts; then the static label source.
            List<Field> fields = record.fields();
            assertThat(fields.subList(3, fields.size() - 1)).isEqualTo(built.fields());
          }
        });
  }

  @Test
  void mutatedMessagesNeverThrowAndPlaceTheirErrorsInside() {
    forEachCase(
        random -> {
          DecoderSyslog decoder = newDecoder();
          for (int index = 0; index < 20; index++) {
            byte[] message = mutate(rfc5424(random, true).message(), random);
            LogRecord record = decoder.decode(message, 0, message.length, RECEIVED);
            String error = record.field(DecoderSyslog.FIELD_ERROR);
            if (error == null) {
              continue;
            }
            assertThat(record.message()).isEqualTo(trimmedText(message));
            Matcher position = Pattern.compile("at byte (\\d+): ").matcher(error);
            assertThat(position.find()).as(error).isTrue();
            assertThat(Integer.parseInt(position.group(1))).isBetween(0, message.length);
          }
        });
  }

  @Test
  void bodiesDecodeMessageForMessageAndNeverThrow() {
    forEachCase(
        random -> {
          byte[] body = random.nextBoolean() ? garbage(random) : wellFormedStream(random).stream();
          IngestLimits limits = new IngestLimits(1 << 20, MAX_MESSAGE_BYTES, 1000, 10);
          DecoderSyslogLines decoder =
              new DecoderSyslogLines(
                  SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC),
                  limits,
                  new StreamCache(),
                  1 + random.nextInt(50),
                  1L << 20);
          List<LogRecord> records = new ArrayList<>();
          IngestResult result;
          try {
            result =
                decoder.decode(
                    new ChunkedInputStream(body, readSize(random)),
                    IngestParameters.defaults(RECEIVED),
                    records::addAll);
          } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
          }
          long[] expected = expectedCounts(body);
          assertThat(result.accepted()).isEqualTo(expected[0]).isEqualTo(records.size());
          assertThat(result.rejected()).isEqualTo(expected[1]);
        });
  }

  /** Accepted and rejected messages of a body, by the reference framing or by lines. */
  private static long[] expectedCounts(byte[] body) {
    long accepted = 0;
    long rejected = 0;
    if (DecoderSyslogLines.startsWithOctetCount(body, body.length)) {
      for (Expected frame : referenceFrames(body)) {
        if (frame.kept() == null || frame.originalLength() > MAX_MESSAGE_BYTES) {
          rejected++;
        } else if (!blank(frame.kept(), frame.kept().length)) {
          accepted++;
        }
      }
      return new long[] {accepted, rejected};
    }
    int start = 0;
    while (start <= body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      int length = end - start;
      if (length > 0 && body[end - 1] == '\r') {
        length--;
      }
      byte[] line = Arrays.copyOfRange(body, start, start + length);
      if (length > MAX_MESSAGE_BYTES) {
        rejected++;
      } else if (length > 0 && !blank(line, length)) {
        accepted++;
      }
      start = end + 1;
    }
    return new long[] {accepted, rejected};
  }

  private static boolean blank(byte[] bytes, int length) {
    for (int index = 0; index < length; index++) {
      if (bytes[index] != ' ' && bytes[index] != '\t') {
        return false;
      }
    }
    return true;
  }

  private static byte[] mutate(byte[] message, Random random) {
    byte[] mutated = message.clone();
    int changes = 1 + random.nextInt(3);
    for (int change = 0; change < changes && mutated.length > 0; change++) {
      int at = random.nextInt(mutated.length);
      switch (random.nextInt(3)) {
        case 0 -> mutated[at] = GARBAGE_ALPHABET[random.nextInt(GARBAGE_ALPHABET.length)];
        case 1 -> mutated[at] = (byte) random.nextInt(256);
        default -> mutated = Arrays.copyOf(mutated, at);
      }
    }
    return mutated;
  }

  /** The message as the decoder keeps bad ones: trailing \n, \r and NUL dropped. */
  private static String trimmedText(byte[] message) {
    int end = message.length;
    while (end > 0
        && (message[end - 1] == '\n' || message[end - 1] == '\r' || message[end - 1] == 0)) {
      end--;
    }
    return new String(message, 0, end, UTF_8);
  }

  // ---- running cases ----

  private interface CaseBody {
    void run(Random random);
  }

  private static void forEachCase(CaseBody body) {
    long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
    for (long done = 0; done < CASES || System.nanoTime() < deadline; done++) {
      long seed = FIRST_SEED + done;
      try {
        body.run(new Random(seed));
      } catch (AssertionError | RuntimeException failure) {
        throw new AssertionError(
            "case with seed "
                + seed
                + " failed; replay it with -Dloupe.fuzz.seed="
                + seed
                + " -Dloupe.fuzz.cases=1",
            failure);
      }
    }
  }

  /** Feeds the stream to a framer in reads of random sizes. */
  private static List<Expected> frame(byte[] stream, Random random) {
    List<Expected> frames = new ArrayList<>();
    SyslogFramer.FrameSink sink =
        new SyslogFramer.FrameSink() {
          @Override
          public void frame(byte[] bytes, int offset, int length, long originalLength) {
            assertThat(length).isBetween(1, MAX_MESSAGE_BYTES);
            assertThat(originalLength).isGreaterThanOrEqualTo(length);
            byte[] copy = new byte[length];
            System.arraycopy(bytes, offset, copy, 0, length);
            frames.add(new Expected(copy, originalLength));
          }

          @Override
          public void rejected(String reason) {
            frames.add(new Expected(null, -1));
          }
        };
    SyslogFramer framer = new SyslogFramer(MAX_MESSAGE_BYTES);
    int offset = 0;
    while (offset < stream.length) {
      int read = Math.min(stream.length - offset, readSize(random));
      // Feed from a fresh array at a nonzero offset, as a connection reusing its buffer would.
      byte[] buffer = new byte[read + 3];
      System.arraycopy(stream, offset, buffer, 3, read);
      framer.feed(buffer, 3, read, sink);
      Arrays.fill(buffer, (byte) '#');
      offset += read;
    }
    framer.finish(sink);
    return frames;
  }

  private static int readSize(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 1 + random.nextInt(3);
      case 1 -> 1 + random.nextInt(64);
      case 2 -> 1 + random.nextInt(1024);
      default -> 1 + random.nextInt(65536);
    };
  }

  private static void assertSameFrames(List<Expected> actual, List<Expected> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int index = 0; index < expected.size(); index++) {
      assertThat(actual.get(index).kept())
          .as("frame %d", index)
          .isEqualTo(expected.get(index).kept());
      assertThat(actual.get(index).originalLength())
          .as("original length of frame %d", index)
          .isEqualTo(expected.get(index).originalLength());
    }
  }

  private static void decodeAll(List<Expected> frames) {
    DecoderSyslog decoder = newDecoder();
    for (Expected frame : frames) {
      if (frame.kept() == null) {
        continue;
      }
      LogRecord record =
          decoder.decode(frame.kept(), 0, frame.kept().length, frame.originalLength(), RECEIVED);
      assertThat(record.message()).isNotNull();
      assertThat(record.field("source")).isEqualTo("syslog");
    }
  }

  private static DecoderSyslog newDecoder() {
    return new DecoderSyslog(
        SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC),
        IngestLimits.defaults(),
        new StreamCache());
  }

  // ---- the reference framing: the rules of SyslogFramer, on a whole stream at once ----

  static List<Expected> referenceFrames(byte[] stream) {
    List<Expected> frames = new ArrayList<>();
    int index = 0;
    while (index < stream.length) {
      if (stream[index] == '\n') {
        index++;
        continue;
      }
      int digitsEnd = index;
      if (stream[index] >= '1' && stream[index] <= '9') {
        while (digitsEnd < stream.length
            && digitsEnd - index <= 10
            && stream[digitsEnd] >= '0'
            && stream[digitsEnd] <= '9') {
          digitsEnd++;
        }
      }
      boolean counted =
          digitsEnd > index
              && digitsEnd - index <= 10
              && digitsEnd < stream.length
              && stream[digitsEnd] == ' ';
      if (counted) {
        long count = Long.parseLong(new String(stream, index, digitsEnd - index, UTF_8));
        int start = digitsEnd + 1;
        if (start + count > stream.length) {
          frames.add(new Expected(null, -1));
          return frames;
        }
        frames.add(cut(stream, start, (int) count));
        index = start + (int) count;
        continue;
      }
      int newline = index;
      while (newline < stream.length && stream[newline] != '\n') {
        newline++;
      }
      int length = newline - index;
      if (length > 0 && stream[newline - 1] == '\r') {
        length--;
      }
      if (length > 0) {
        frames.add(cut(stream, index, length));
      }
      index = newline + 1;
    }
    return frames;
  }

  private static Expected cut(byte[] stream, int start, int length) {
    byte[] kept = new byte[Math.min(length, MAX_MESSAGE_BYTES)];
    System.arraycopy(stream, start, kept, 0, kept.length);
    return new Expected(kept, length);
  }

  // ---- generators ----

  private static final byte[] GARBAGE_ALPHABET =
      "0123456789    \n\n\r<<>>[]\"\\=-:abcxyz".getBytes(UTF_8);

  private static byte[] garbage(Random random) {
    byte[] bytes = new byte[random.nextInt(2000)];
    for (int index = 0; index < bytes.length; index++) {
      bytes[index] =
          random.nextInt(8) == 0
              ? (byte) random.nextInt(256)
              : GARBAGE_ALPHABET[random.nextInt(GARBAGE_ALPHABET.length)];
    }
    return bytes;
  }

  private static Case wellFormedStream(Random random) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Expected> frames = new ArrayList<>();
    List<Built> built = new ArrayList<>();
    int count = random.nextInt(30);
    for (int index = 0; index < count; index++) {
      boolean octetCounted = random.nextBoolean();
      byte[] message;
      if (random.nextInt(3) == 0) {
        Built rfc5424 = rfc5424(random, octetCounted);
        built.add(rfc5424);
        message = rfc5424.message();
      } else {
        message = randomMessage(random, octetCounted);
      }
      if (octetCounted) {
        stream.writeBytes((message.length + " ").getBytes(UTF_8));
        stream.writeBytes(message);
      } else {
        stream.writeBytes(message);
        stream.writeBytes(random.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
      }
      frames.add(cut(message, 0, message.length));
      if (random.nextInt(5) == 0) {
        stream.writeBytes(new byte[] {'\n'});
      }
    }
    return new Case(stream.toByteArray(), frames, built);
  }

  /**
   * A message starting with {@code <} (as syslog does), of any bytes; a line-framed one has no
   * {@code \n} and does not end in {@code \r}. One in ten is over the message limit.
   */
  private static byte[] randomMessage(Random random, boolean octetCounted) {
    int length =
        random.nextInt(10) == 0
            ? MAX_MESSAGE_BYTES + random.nextInt(5000)
            : 1 + random.nextInt(200);
    byte[] message = new byte[length];
    message[0] = '<';
    for (int index = 1; index < length; index++) {
      byte value = (byte) random.nextInt(256);
      if (!octetCounted && (value == '\n' || (index == length - 1 && value == '\r'))) {
        value = 'x';
      }
      message[index] = value;
    }
    return message;
  }

  private static final String NAME_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@!#$%&'()*+,/:;<>?[\\^`{|}~";

  /** With {@code newlines} false, a message that a line framing can carry. */
  private static Built rfc5424(Random random, boolean newlines) {
    int priority = random.nextInt(192);
    long seconds = random.nextLong(0, 4_102_444_800L);
    int fractionDigits = random.nextInt(10);
    long nanos = random.nextInt(1_000_000_000);
    long unit = 1;
    for (int digit = fractionDigits; digit < 9; digit++) {
      unit *= 10;
    }
    nanos -= nanos % unit;
    int offsetMinutes = random.nextInt(3) == 0 ? 0 : random.nextInt(-14 * 60, 14 * 60 + 1);
    StringBuilder text = new StringBuilder();
    text.append('<').append(priority).append(">1 ");
    text.append(timestamp(seconds, nanos, fractionDigits, offsetMinutes, random)).append(' ');
    List<Field> fields = new ArrayList<>();
    String host = headerValue(random, fields, DecoderSyslog.FIELD_HOST);
    String app = headerValue(random, fields, DecoderSyslog.FIELD_APP_NAME);
    String procId = headerValue(random, fields, DecoderSyslog.FIELD_PROC_ID);
    String msgId = headerValue(random, fields, DecoderSyslog.FIELD_MSG_ID);
    text.append(host).append(' ').append(app).append(' ').append(procId).append(' ');
    text.append(msgId).append(' ');
    int elements = random.nextInt(4);
    if (elements == 0) {
      text.append('-');
    }
    for (int element = 0; element < elements; element++) {
      String id = name(random);
      text.append('[').append(id);
      int parameters = random.nextInt(4);
      if (parameters == 0) {
        fields.add(new Field("sd." + id, ""));
      }
      for (int parameter = 0; parameter < parameters; parameter++) {
        String name = name(random);
        String value = unicode(random, 12, false);
        text.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        fields.add(new Field("sd." + id + "." + name, value));
      }
      text.append(']');
    }
    String message = "";
    if (random.nextBoolean()) {
      message = unicode(random, 80, newlines);
      text.append(' ').append(random.nextBoolean() ? "\uFEFF" : "").append(message);
    }
    return new Built(
        text.toString().getBytes(UTF_8), seconds * 1_000_000_000L + nanos, fields, message);
  }

  private static String timestamp(
      long seconds, long nanos, int fractionDigits, int offsetMinutes, Random random) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    StringBuilder text =
        new StringBuilder(LOCAL_TIME.format(Instant.ofEpochSecond(seconds).atOffset(offset)));
    if (fractionDigits > 0) {
      String digits = String.format("%09d", nanos);
      text.append('.').append(digits, 0, fractionDigits);
    }
    if (offsetMinutes == 0 && random.nextBoolean()) {
      return text.append('Z').toString();
    }
    int absolute = Math.abs(offsetMinutes);
    return text.append(offsetMinutes < 0 ? '-' : '+')
        .append(String.format("%02d:%02d", absolute / 60, absolute % 60))
        .toString();
  }

  /** {@code -} (and no field), or a random token that becomes the field. */
  private static String headerValue(Random random, List<Field> fields, String name) {
    if (random.nextInt(4) == 0) {
      return "-";
    }
    String value = name(random);
    if (value.equals("-")) {
      value = "--";
    }
    fields.add(new Field(name, value));
    return value;
  }

  /** 1 to 12 printable ASCII characters but space, {@code =}, {@code ]} and {@code "}. */
  private static String name(Random random) {
    StringBuilder name = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int index = 0; index < length; index++) {
      name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return name.toString();
  }

  /** Text of ASCII, the characters structured data escapes, accents and emoji. */
  private static String unicode(Random random, int maxLength, boolean newlines) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int index = 0; index < length; index++) {
      switch (random.nextInt(6)) {
        case 0 -> text.append("\"\\] =[".charAt(random.nextInt(6)));
        case 1 -> text.append((char) (0xC0 + random.nextInt(0x100)));
        case 2 -> text.appendCodePoint(0x1F600 + random.nextInt(0x40));
        case 3 -> text.append(newlines ? '\n' : 'n');
        default -> text.append((char) (0x21 + random.nextInt(0x5E)));
      }
    }
    // The decoder drops a message's trailing newlines (and \r, NUL), as senders add them.
    while (!text.isEmpty() && text.charAt(text.length() - 1) == '\n') {
      text.setLength(text.length() - 1);
    }
    return text.toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
  }
}
