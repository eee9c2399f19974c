package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.Fuzz;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bodies of good, damaged, random, blank and too-long access log lines; see {@link
 * Fuzz} and {@link FuzzBody}. Good lines vary every part of the Common and Combined formats:
 * addresses, dashes, times and offsets, request lines, statuses, sizes, escaped quotes in the
 * referer and user agent, and trailing text.
 */
class DecoderAccessLogFuzzTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss xx", Locale.ENGLISH);
  private static final String[] CLIENTS = {"127.0.0.1", "203.0.113.7", "::1", "2001:db8::7", "h.x"};
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PROPFIND"};
  private static final String[] PROTOCOLS = {"HTTP/1.0", "HTTP/1.1", "HTTP/2.0"};
  private static final byte[] DAMAGE = "\" []-:/0a\\\u00e9".getBytes(UTF_8);

  private final StreamCache streamCache = new StreamCache();

  @Test
  void noLineIsLostDuplicatedOrMisread() {
    Fuzz.run("DecoderAccessLog", this::runCase);
  }

  private void runCase(Random random) throws Exception {
    int maxLineBytes = random.nextBoolean() ? 200 : 1 << 20;
    IngestLimits limits = new IngestLimits(1 << 24, maxLineBytes, 1000, 100_000);
    FuzzBody body = new FuzzBody();
    int lines = 1 + random.nextInt(120);
    for (int index = 0; index < lines; index++) {
      addLine(random, body, index, maxLineBytes);
    }
    DecoderAccessLog decoder =
        new DecoderAccessLog(limits, streamCache, 1 + random.nextInt(50), 1 + random.nextInt(5000));
    List<LogRecord> records = new ArrayList<>();

    IngestResult result =
        decoder.decode(
            new ChunkedInputStream(body.bytes(random), 1 + random.nextInt(300)),
            IngestParameters.defaults(RECEIVED),
            records::addAll);

    body.check(result, records, LogRecord::message);
  }

  private static void addLine(Random random, FuzzBody body, int index, int maxLineBytes) {
    int kind = random.nextInt(10);
    if (kind < 5) {
      List<Field> fields = new ArrayList<>();
      long[] timeNanos = new long[1];
      String line = goodLine(random, "/ok/" + index, fields, timeNanos);
      LogRecord expected =
          new LogRecord(Stream.of("default", Map.of()), timeNanos[0], line, fields);
      byte[] bytes = line.getBytes(UTF_8);
      if (bytes.length > maxLineBytes) {
        body.tooLong(bytes);
      } else {
        body.good(bytes, expected);
      }
    } else if (kind < 8) {
      byte[] damaged =
          goodLine(random, "/bad/" + index, new ArrayList<>(), new long[1]).getBytes(UTF_8);
      for (int damage = random.nextInt(3); damage >= 0; damage--) {
        damaged = Fuzz.damage(random, damaged, DAMAGE);
      }
      addUnknown(body, damaged, maxLineBytes);
    } else if (kind == 8) {
      addUnknown(body, Fuzz.garbage(random, 80), maxLineBytes);
    } else {
      body.blank(random);
    }
  }

  private static void addUnknown(FuzzBody body, byte[] bytes, int maxLineBytes) {
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    if (length > maxLineBytes) {
      body.tooLong(bytes);
    } else {
      body.unknown(bytes);
    }
  }

  /** A line whose path is {@code path}; its fields go to fields, its time to timeNanos[0]. */
  private static String goodLine(Random random, String path, List<Field> fields, long[] timeNanos) {
    String client = CLIENTS[random.nextInt(CLIENTS.length)];
    String ident = random.nextInt(4) == 0 ? "id" + random.nextInt(9) : "-";
    String user = random.nextInt(3) == 0 ? "frank" : "-";
    long epochSecond = random.nextLong(0, 4_000_000_000L);
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * 15 * random.nextInt(-48, 57));
    String time = CLF_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(offset));
    timeNanos[0] = epochSecond * 1_000_000_000L;
    String method = METHODS[random.nextInt(METHODS.length)];
    String protocol = PROTOCOLS[random.nextInt(PROTOCOLS.length)];
    String status = Integer.toString(random.nextInt(100, 600));
    String bytes = random.nextInt(4) == 0 ? "-" : Integer.toString(random.nextInt(1_000_000));
    StringBuilder line = new StringBuilder();
    line.append(client).append(' ').append(ident).append(' ').append(user);
    line.append(" [").append(time).append("] \"");
    line.append(method).append(' ').append(path).append(' ').append(protocol).append("\" ");
    line.append(status).append(' ').append(bytes);
    fields.add(new Field("client_ip", client));
    addKnown(fields, "ident", ident);
    addKnown(fields, "user", user);
    fields.add(new Field("method", method));
    fields.add(new Field("path", path));
    fields.add(new Field("protocol", protocol));
    fields.add(new Field("status", status));
    fields.add(new Field("bytes", bytes.equals("-") ? "0" : bytes));
    if (random.nextBoolean()) {
      String referer = random.nextBoolean() ? "-" : "https://shop.example/" + Fuzz.text(random, 6);
      String userAgent = random.nextInt(5) == 0 ? "-" : Fuzz.text(random, 20);
      line.append(" \"").append(escape(referer)).append("\" \"").append(escape(userAgent));
      line.append('"');
      addKnown(fields, "referer", referer);
      addKnown(fields, "user_agent", userAgent);
      if (random.nextInt(4) == 0) {
        line.append(" \"198.51.100.1\" rt=0.0").append(random.nextInt(10));
      }
    }
    char statusClass = status.charAt(0);
    fields.add(
        new Field("level", statusClass == '5' ? "error" : statusClass == '4' ? "warn" : "info"));
    return line.toString();
  }

  private static void addKnown(List<Field> fields, String name, String value) {
    if (!value.equals("-") && !value.isEmpty()) {
      fields.add(new Field(name, value));
    }
  }

  /** Apache's escaping of quoted parts: {@code \"} and {@code \\}. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
