package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The aligned table the client commands print ({@code loupe metrics}, {@code loupe alerts}): a
 * header row, then rows, columns two spaces apart; and how a cell shows a JSON number or label set.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  void add(String... row) {
    rows.add(row);
  }

  /** True when the table has no rows under its header. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  /** Prints the table, or {@code whenEmpty} on a line of its own when it has no rows. */
  void printOr(String whenEmpty, PrintStream out) {
    if (isEmpty()) {
      out.println(whenEmpty);
      return;
    }
    print(out);
  }

  /** Prints the rows as columns two spaces apart, trailing blanks stripped. */
  void print(PrintStream out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int column = 0; column < row.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < row.length; column++) {
        line.append(row[column]);
        if (column < row.length - 1) {
          line.append(" ".repeat(widths[column] - row[column].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Whole numbers without a fraction (counts read as counts), else three significant digits. */
  static String number(JsonNode value) {
    if (!value.isNumber()) {
      return "-";
    }
    double number = value.asDouble();
    return number == Math.rint(number) && Math.abs(number) < 1e15
        ? Long.toString((long) number)
        : String.format(Locale.ROOT, "%.3g", number);
  }

  /** A JSON object's members as {@code name=value,name=value}; empty for an empty object. */
  static String labels(JsonNode labels) {
    StringBuilder text = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> fields = labels.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      text.append(text.isEmpty() ? "" : ",").append(field.getKey()).append('=');
      text.append(field.getValue().asText());
    }
    return text.toString();
  }
}
