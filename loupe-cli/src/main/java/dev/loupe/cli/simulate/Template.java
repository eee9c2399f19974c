package dev.loupe.cli.simulate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One kind of line: an id, the source and level it is written at, and its text with variables, such
 * as {@code order {order} placed with {count} items}. Parsed once into literal parts and variable
 * names; {@link #render} fills the variables in order.
 *
 * <p>The template is the ground truth pattern mining is scored on, so it must be honest: what a
 * variable writes varies from line to line, what is literal never does. {@link #eventTemplate()} is
 * the Loghub form of it, every variable written {@code <*>}. Variables are positional: the names
 * document what goes where and let tests and docs show it; {@link #render} checks the count.
 * Immutable, thread-safe.
 */
final class Template {
  /** Loghub's mark for a variable in an event template. */
  static final String WILDCARD = "<*>";

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[a-z_]+");

  private final String id;
  private final Source source;
  private final String level;
  private final String text;
  private final String[] literals;
  private final List<String> variables;
  private final String eventTemplate;

  Template(String id, Source source, String level, String text) {
    this.id = requireNonNull(id, "id is null");
    this.source = requireNonNull(source, "source is null");
    this.level = requireNonNull(level, "level is null");
    this.text = requireNonNull(text, "text is null");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("template id must be lower-case words and dots: " + id);
    }
    List<String> literalParts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int position = 0;
    while (true) {
      int open = text.indexOf('{', position);
      if (open < 0) {
        literalParts.add(checkLiteral(text.substring(position)));
        break;
      }
      int close = text.indexOf('}', open);
      String name = close < 0 ? "" : text.substring(open + 1, close);
      if (!VARIABLE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "template " + id + ": '{' at " + open + " does not start a {variable}: " + text);
      }
      literalParts.add(checkLiteral(text.substring(position, open)));
      names.add(name);
      position = close + 1;
    }
    for (int index = 1; index < literalParts.size() - 1; index++) {
      if (literalParts.get(index).isEmpty()) {
        // two variables side by side have no honest boundary: no one could tell where the first
        // ends
        throw new IllegalArgumentException(
            "template "
                + id
                + ": variables "
                + names.get(index - 1)
                + " and "
                + names.get(index)
                + " touch; put literal text between them");
      }
    }
    this.literals = literalParts.toArray(String[]::new);
    this.variables = List.copyOf(names);
    this.eventTemplate = String.join(WILDCARD, literalParts);
  }

  private String checkLiteral(String literal) {
    if (literal.contains("}") || literal.contains(WILDCARD)) {
      throw new IllegalArgumentException(
          "template " + id + ": literal text may not hold '}' or '<*>': " + literal);
    }
    return literal;
  }

  String id() {
    return id;
  }

  Source source() {
    return source;
  }

  String level() {
    return level;
  }

  /** The text with {@code {name}} variables, as written in the catalogue. */
  String text() {
    return text;
  }

  /** The names of the variables, in order. */
  List<String> variables() {
    return variables;
  }

  /** The template with every variable written {@code <*>} (Loghub's EventTemplate). */
  String eventTemplate() {
    return eventTemplate;
  }

  /** Appends the text with {@code values} in the variables' places, in order. */
  void render(StringBuilder out, Object... values) {
    if (values.length != variables.size()) {
      throw new IllegalArgumentException(
          "template "
              + id
              + " has "
              + variables.size()
              + " variables "
              + variables
              + ", got "
              + values.length
              + " values");
    }
    for (int index = 0; index < values.length; index++) {
      out.append(literals[index]).append(values[index]);
    }
    out.append(literals[values.length]);
  }

  /** The text with {@code values} in the variables' places. */
  String render(Object... values) {
    StringBuilder out = new StringBuilder(text.length() + 16 * values.length);
    render(out, values);
    return out.toString();
  }

  @Override
  public String toString() {
    return id + ": " + text;
  }
}
