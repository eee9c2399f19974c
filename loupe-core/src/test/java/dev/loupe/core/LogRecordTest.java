package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogRecordTest {
  private static final Stream STREAM = Stream.of("default", Map.of("service", "api"));

  private static final LogRecord RECORD =
      new LogRecord(
          STREAM,
          1_763_773_323_000_000_000L,
          "GET /health 200",
          List.of(
              new Field("host", "web-1"),
              new Field("status", "200"),
              new Field("empty", ""),
              new Field("host", "web-2")));

  // An absent value (null) is written as an unquoted empty cell.
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    "host,    web-1", // the first of two fields with one name wins
    "status,  200",
    "empty,   ''",
    "missing, ",
    "HOST,    ", // names are case-sensitive
    "_msg,    ", // the message is not a field
    "'',      ",
  })
  void fieldLooksUpTheFirstFieldOfThatName(String name, String expected) {
    assertThat(RECORD.field(name)).isEqualTo(expected);
  }

  @Test
  void fieldsAreCopiedAndUnmodifiable() {
    List<Field> source = new ArrayList<>(List.of(new Field("a", "1")));
    LogRecord record = new LogRecord(STREAM, 0, "", source);

    source.add(new Field("b", "2"));

    assertThat(record.fields()).containsExactly(new Field("a", "1"));
    assertThatThrownBy(() -> record.fields().add(new Field("c", "3")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructorRejectsNulls() {
    List<Field> none = List.of();
    assertThatThrownBy(() -> new LogRecord(null, 0, "", none)).hasMessage("stream is null");
    assertThatThrownBy(() -> new LogRecord(STREAM, 0, null, none)).hasMessage("message is null");
    assertThatThrownBy(() -> new LogRecord(STREAM, 0, "", null))
        .isInstanceOf(NullPointerException.class);
    List<Field> withNull = Arrays.asList(new Field("a", "1"), null);
    assertThatThrownBy(() -> new LogRecord(STREAM, 0, "", withNull))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void fieldRejectsNulls() {
    assertThatThrownBy(() -> new Field(null, "v")).hasMessage("name is null");
    assertThatThrownBy(() -> new Field("n", null)).hasMessage("value is null");
  }
}
