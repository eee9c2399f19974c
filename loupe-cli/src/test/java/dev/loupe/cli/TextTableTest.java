package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String printed(TextTable table, String whenEmpty) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    table.printOr(whenEmpty, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void columnsAreAlignedTwoSpacesApartWithoutTrailingBlanks() {
    TextTable table = new TextTable("NAME", "VALUE", "NOTE");
    table.add("errors_by_service", "4", "");
    table.add("x", "12345", "late");
    assertThat(table.isEmpty()).isFalse();
    assertThat(printed(table, "nothing"))
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "NAME               VALUE  NOTE",
                "errors_by_service  4",
                "x                  12345  late",
                ""));
  }

  @Test
  void aTableWithoutRowsPrintsTheMessageInstead() {
    TextTable table = new TextTable("NAME", "VALUE");
    assertThat(table.isEmpty()).isTrue();
    assertThat(printed(table, "no metric rules"))
        .isEqualTo("no metric rules" + System.lineSeparator());
  }

  @Test
  void numbersAreWholeOrThreeSignificantDigits() throws Exception {
    assertThat(TextTable.number(JSON.readTree("4.0"))).isEqualTo("4");
    assertThat(TextTable.number(JSON.readTree("0.123456"))).isEqualTo("0.123");
    assertThat(TextTable.number(JSON.readTree("1e20"))).isEqualTo("1.00e+20");
    assertThat(TextTable.number(JSON.readTree("null"))).isEqualTo("-");
  }

  @Test
  void labelsAreNameEqualsValueInTheirOrder() throws Exception {
    assertThat(TextTable.labels(JSON.readTree("{\"service\":\"cart\",\"host\":\"a\"}")))
        .isEqualTo("service=cart,host=a");
    assertThat(TextTable.labels(JSON.readTree("{}"))).isEmpty();
  }
}
