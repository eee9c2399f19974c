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
 * Seeded random bodies of good, damaged, random, blank and too-long JSON lines, read in random
 * pieces with random batch bounds; see {@link Fuzz} for the time bound and replaying a seed, and
 * {@link FuzzBody} for what is checked. Good lines carry escapes, unicode, nested objects, arrays
 * and duplicate names, and their records are compared field by field.
 */
class DecoderJsonLinesFuzzTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final List<String> STREAM_FIELDS = List.of("service", "host");
  private static final String[] NAMES = {
    "a", "b", "level", "service", "host", "http", "k1", "user.id", "é", "_private"
  };
  private static final String[] NUMBERS = {"0", "-7", "1.50", "2e5", "12345678901234567890"};
  private static final String[] ARRAYS = {"[]", "[1, \"a\"]", "[{\"b\": null}, [true]]"};
  private static final byte[] DAMAGE = "{}[]\":,\\ \t\r0-.eE1tfnul\u00e9x".getBytes(UTF_8);

  private final StreamCache streamCache = new StreamCache();

  @Test
  void noLineIsLostDuplicatedOrMisread() {
    Fuzz.run("DecoderJsonLines", this::runCase);
  }

  private void runCase(Random random) throws Exception {
    int maxLineBytes = random.nextBoolean() ? 300 : 1 << 20;
    IngestLimits limits = new IngestLimits(1 << 24, maxLineBytes, 1000, 100_000);
    FuzzBody body = new FuzzBody();
    int lines = 1 + random.nextInt(120);
    for (int index = 0; index < lines; index++) {
      addLine(random, body, index, maxLineBytes);
    }
    IngestParameters parameters =
        IngestParameters.defaults(RECEIVED).withStreamFields(STREAM_FIELDS);
    DecoderJsonLines decoder =
        new DecoderJsonLines(limits, streamCache, 1 + random.nextInt(50), 1 + random.nextInt(5000));
    List<LogRecord> records = new ArrayList<>();
    byte[] bytes = body.bytes(random);

    IngestResult result =
        decoder.decode(
            new ChunkedInputStream(bytes, 1 + random.nextInt(300)), parameters, records::addAll);

    body.check(result, records, LogRecord::message);
  }

  private static void addLine(Random random, FuzzBody body, int index, int maxLineBytes) {
    int kind = random.nextInt(10);
    if (kind < 5) {
      List<Field> fields = new ArrayList<>();
      String json = goodLine(random, "ok-" + index, fields);
      LogRecord expected =
          new LogRecord(Stream.of("default", labels(fields)), RECEIVED, "ok-" + index, fields);
      byte[] bytes = json.getBytes(UTF_8);
      if (bytes.length <= maxLineBytes) {
        body.good(bytes, expected);
      } else {
        body.tooLong(bytes);
      }
    } else if (kind < 8) {
      byte[] damaged = goodLine(random, "bad-" + index, new ArrayList<>()).getBytes(UTF_8);
      for (int damage = random.nextInt(3); damage >= 0; damage--) {
        damaged = Fuzz.damage(random, damaged, DAMAGE);
      }
      addUnlessTooLong(body, damaged, maxLineBytes);
    } else if (kind == 8) {
      addUnlessTooLong(body, Fuzz.garbage(random, 80), maxLineBytes);
    } else {
      body.blank(random);
    }
  }

  private static void addUnlessTooLong(FuzzBody body, byte[] bytes, int maxLineBytes) {
    // The reader strips one \r before \n; what is left is what the limit applies to.
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    if (length > maxLineBytes) {
      body.tooLong(bytes);
    } else {
      body.unknown(bytes);
    }
  }

  /** A JSON object with _msg set to id at a random place; its flattened fields go to fields. */
  private static String goodLine(Random random, String id, List<Field> fields) {
    List<String> members = new ArrayList<>();
    int count = random.nextInt(7);
    int messageAt = random.nextInt(count + 1);
    for (int index = 0; index <= count; index++) {
      if (index == messageAt) {
        members.add("\"_msg\":\"" + id + "\"");
      }
      if (index < count) {
        members.add(member(random, NAMES[random.nextInt(NAMES.length)], fields));
      }
    }
    String spaces = random.nextInt(5) == 0 ? " \t" : "";
    return spaces + "{" + String.join(random.nextBoolean() ? "," : " , ", members) + "}" + spaces;
  }

  private static String member(Random random, String name, List<Field> fields) {
    String key = quote(random, name) + ":";
    return switch (random.nextInt(8)) {
      case 0, 1 -> {
        String value = Fuzz.text(random, 12);
        fields.add(new Field(name, value));
        yield key + quote(random, value);
      }
      case 2 -> {
        String number = NUMBERS[random.nextInt(NUMBERS.length)];
        fields.add(new Field(name, number));
        yield key + number;
      }
      case 3 -> {
        boolean value = random.nextBoolean();
        fields.add(new Field(name, Boolean.toString(value)));
        yield key + value;
      }
      case 4 -> key + "null";
      case 5 -> {
        String array = ARRAYS[random.nextInt(ARRAYS.length)];
        fields.add(new Field(name, array));
        yield key + array;
      }
      case 6 -> key + "{}";
      default -> {
        List<Field> innerFields = new ArrayList<>();
        String inner = member(random, "c", innerFields);
        for (Field field : innerFields) {
          fields.add(new Field(name + "." + field.name(), field.value()));
        }
        yield key + "{" + inner + "}";
      }
    };
  }

  /** A JSON string literal of the text, escaping what JSON requires and, at random, more. */
  private static String quote(Random random, String text) {
    StringBuilder json = new StringBuilder("\"");
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      boolean pair = Character.isHighSurrogate(c) && index + 1 < text.length();
      String character = pair ? text.substring(index, index + 2) : String.valueOf(c);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20 || (c > 0x7E && random.nextInt(3) == 0)) {
        // Both halves of a surrogate pair escaped, or neither: a lone half is not text.
        for (int unit = 0; unit < character.length(); unit++) {
          json.append(String.format("\\u%04x", (int) character.charAt(unit)));
        }
      } else {
        json.append(character);
      }
      index += character.length() - 1;
    }
    return json.append('"').toString();
  }

  /** The stream labels a record with these fields has: the first non-empty value of each. */
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
