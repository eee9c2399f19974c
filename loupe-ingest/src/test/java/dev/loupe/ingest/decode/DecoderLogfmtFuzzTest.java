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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bodies of good, damaged, random, blank and too-long logfmt lines; see {@link Fuzz}
 * and {@link FuzzBody}. Good lines mix quoted values with escapes, unquoted values holding {@code
 * =}, flags, empty values, duplicate keys, and lines without pairs.
 */
class DecoderLogfmtFuzzTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final List<String> STREAM_FIELDS = List.of("service", "host");
  private static final String[] KEYS = {
    "a", "b", "level", "service", "host", "http.status", "k1", "é", "_private", "url"
  };
  private static final String[] UNQUOTED = {"a", "z", "0", "9", "=", "/", ":", "é", "中", "😀", "-"};
  private static final byte[] DAMAGE = "=\" \\\t\rx\u00e9".getBytes(UTF_8);

  private final StreamCache streamCache = new StreamCache();

  @Test
  void noLineIsLostDuplicatedOrMisread() {
    Fuzz.run("DecoderLogfmt", this::runCase);
  }

  private void runCase(Random random) throws Exception {
    int maxLineBytes = random.nextBoolean() ? 200 : 1 << 20;
    IngestLimits limits = new IngestLimits(1 << 24, maxLineBytes, 1000, 100_000);
    FuzzBody body = new FuzzBody();
    int lines = 1 + random.nextInt(120);
    for (int index = 0; index < lines; index++) {
      addLine(random, body, index, maxLineBytes);
    }
    IngestParameters parameters =
        IngestParameters.defaults(RECEIVED).withStreamFields(STREAM_FIELDS);
    DecoderLogfmt decoder =
        new DecoderLogfmt(limits, streamCache, 1 + random.nextInt(50), 1 + random.nextInt(5000));
    List<LogRecord> records = new ArrayList<>();

    IngestResult result =
        decoder.decode(
            new ChunkedInputStream(body.bytes(random), 1 + random.nextInt(300)),
            parameters,
            records::addAll);

    body.check(result, records, LogRecord::message);
  }

  private static void addLine(Random random, FuzzBody body, int index, int maxLineBytes) {
    int kind = random.nextInt(12);
    if (kind < 6) {
      List<Field> fields = new ArrayList<>();
      String line = goodLine(random, "ok-" + index, fields);
      Stream stream = Stream.of("default", labels(fields));
      addGood(body, line, new LogRecord(stream, RECEIVED, "ok-" + index, fields), maxLineBytes);
    } else if (kind == 6) {
      String line = "just words ok-" + index + " " + Fuzz.text(random, 6).replace("=", "");
      String message = line.strip();
      LogRecord expected =
          new LogRecord(Stream.of("default", Map.of()), RECEIVED, message, List.of());
      // The decoder keeps trailing text as written: only a line's start is skipped.
      addGood(body, message, expected, maxLineBytes);
    } else if (kind < 10) {
      byte[] damaged = goodLine(random, "bad-" + index, new ArrayList<>()).getBytes(UTF_8);
      for (int damage = random.nextInt(3); damage >= 0; damage--) {
        damaged = Fuzz.damage(random, damaged, DAMAGE);
      }
      addUnknown(body, damaged, maxLineBytes);
    } else if (kind == 10) {
      addUnknown(body, Fuzz.garbage(random, 80), maxLineBytes);
    } else {
      body.blank(random);
    }
  }

  private static void addGood(FuzzBody body, String line, LogRecord expected, int maxLineBytes) {
    byte[] bytes = line.getBytes(UTF_8);
    if (bytes.length > maxLineBytes) {
      body.tooLong(bytes);
    } else {
      body.good(bytes, expected);
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

  /** Pairs with msg=id at a random place; the expected fields (all but msg) go to fields. */
  private static String goodLine(Random random, String id, List<Field> fields) {
    List<String> pairs = new ArrayList<>();
    int count = random.nextInt(7);
    int messageAt = random.nextInt(count + 1);
    for (int index = 0; index <= count; index++) {
      if (index == messageAt) {
        pairs.add(random.nextBoolean() ? "msg=" + id : "msg=\"" + id + "\"");
      }
      if (index < count) {
        pairs.add(pair(random, KEYS[random.nextInt(KEYS.length)], fields));
      }
    }
    String separator = random.nextInt(4) == 0 ? " \t " : " ";
    String indent = random.nextInt(5) == 0 ? "  " : "";
    return indent + String.join(separator, pairs);
  }

  private static String pair(Random random, String key, List<Field> fields) {
    switch (random.nextInt(5)) {
      case 0 -> {
        fields.add(new Field(key, "true"));
        return key;
      }
      case 1 -> {
        fields.add(new Field(key, ""));
        return key + "=";
      }
      case 2 -> {
        StringBuilder value = new StringBuilder();
        for (int length = 1 + random.nextInt(8); length > 0; length--) {
          value.append(UNQUOTED[random.nextInt(UNQUOTED.length)]);
        }
        fields.add(new Field(key, value.toString()));
        return key + "=" + value;
      }
      default -> {
        String value = Fuzz.text(random, 12);
        fields.add(new Field(key, value));
        return key + "=" + quote(random, value);
      }
    }
  }

  private static String quote(Random random, String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c == '\t' && random.nextBoolean()) {
        quoted.append("\\t");
      } else if (c == 'é' && random.nextBoolean()) {
        quoted.append("\\u00e9");
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  private static Map<String, String> labels(List<Field> fields) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Field field : fields) {
      if (STREAM_FIELDS.contains(field.name()) && !field.value().isEmpty()) {
        labels.putIfAbsent(field.name(), field.value());
      }
    }
    return labels;
  }
}
