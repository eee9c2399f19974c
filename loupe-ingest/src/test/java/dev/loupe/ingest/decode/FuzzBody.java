package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.ingest.Fuzz;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A body built line by line for the decoders' fuzz tests, knowing what each line must become, and
 * the checks every record-a-line decoder must pass on it: no line lost or counted twice (accepted
 * plus rejected is the number of non-blank lines), every good line gives exactly its expected
 * record, in body order, no good line is rejected, every too-long line is.
 */
final class FuzzBody {
  enum Kind {
    /** Must become exactly the expected record. */
    GOOD,
    /** Empty or blank: neither accepted nor rejected. */
    BLANK,
    /** Damaged or random: accepted or rejected, either is right. */
    UNKNOWN,
    /** Longer than the line limit: rejected. */
    TOO_LONG
  }

  record Line(byte[] bytes, Kind kind, LogRecord expected) {}

  private static final byte[][] BLANKS = {
    {}, {' ', ' '}, {'\t'}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {' ', '\r'}
  };

  private final List<Line> lines = new ArrayList<>();

  void good(byte[] bytes, LogRecord expected) {
    lines.add(new Line(bytes, Kind.GOOD, expected));
  }

  /** A damaged or random line; one that happens to be blank counts as blank. */
  void unknown(byte[] bytes) {
    lines.add(new Line(bytes, Fuzz.isBlank(bytes) ? Kind.BLANK : Kind.UNKNOWN, null));
  }

  void blank(Random random) {
    lines.add(new Line(BLANKS[random.nextInt(BLANKS.length)], Kind.BLANK, null));
  }

  void tooLong(byte[] bytes) {
    lines.add(new Line(bytes, Kind.TOO_LONG, null));
  }

  int size() {
    return lines.size();
  }

  /** The lines joined by {@code \n} or {@code \r\n}, with or without a final line end. */
  byte[] bytes(Random random) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int index = 0; index < lines.size(); index++) {
      body.writeBytes(lines.get(index).bytes());
      boolean last = index == lines.size() - 1;
      if (!last || random.nextBoolean()) {
        body.writeBytes(random.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
      }
    }
    return body.toByteArray();
  }

  /**
   * The checks of the class comment; {@code idOf} names the line a record came from (its message,
   * or a field), the same for the expected record of a good line. The result must list every error
   * (a large enough error limit).
   */
  void check(IngestResult result, List<LogRecord> records, Function<LogRecord, String> idOf) {
    long nonBlank = lines.stream().filter(line -> line.kind() != Kind.BLANK).count();
    assertThat(result.accepted() + result.rejected()).as("accepted + rejected").isEqualTo(nonBlank);
    assertThat(records).as("records handed to the sink").hasSize((int) result.accepted());
    assertThat(result.firstErrors()).as("every error listed").hasSize((int) result.rejected());
    checkRejectedLines(result.firstErrors());
    checkGoodLines(records, idOf);
  }

  private void checkRejectedLines(List<LineError> errors) {
    long previous = 0;
    for (LineError error : errors) {
      assertThat(error.line()).as("errors in line order").isGreaterThan(previous);
      assertThat(error.line()).isLessThanOrEqualTo(lines.size());
      Kind kind = lines.get((int) error.line() - 1).kind();
      assertThat(kind)
          .as("line %d rejected: %s", error.line(), error.reason())
          .isIn(Kind.UNKNOWN, Kind.TOO_LONG);
      previous = error.line();
    }
    for (int index = 0; index < lines.size(); index++) {
      if (lines.get(index).kind() == Kind.TOO_LONG) {
        long lineNumber = index + 1;
        assertThat(errors).as("too long line %d", lineNumber).anyMatch(e -> e.line() == lineNumber);
      }
    }
  }

  private void checkGoodLines(List<LogRecord> records, Function<LogRecord, String> idOf) {
    // Ids of good lines are unique and damaged lines never carry one (their ids differ), so a
    // good id on two records is a duplicated record.
    Set<String> goodIds = new HashSet<>();
    for (Line line : lines) {
      if (line.kind() == Kind.GOOD) {
        goodIds.add(idOf.apply(line.expected()));
      }
    }
    Map<String, Integer> positionById = new HashMap<>();
    for (int position = 0; position < records.size(); position++) {
      String id = idOf.apply(records.get(position));
      if (goodIds.contains(id) && positionById.put(id, position) != null) {
        assertThat(id).as("a record of a good line seen twice").isNull();
      }
    }
    int previousPosition = -1;
    for (int index = 0; index < lines.size(); index++) {
      Line line = lines.get(index);
      if (line.kind() != Kind.GOOD) {
        continue;
      }
      Integer position = positionById.get(idOf.apply(line.expected()));
      assertThat(position).as("record of good line %d", index + 1).isNotNull();
      assertThat(records.get(position))
          .as("record of line %d", index + 1)
          .isEqualTo(line.expected());
      assertThat(position).as("records in body order").isGreaterThan(previousPosition);
      previousPosition = position;
    }
  }
}
