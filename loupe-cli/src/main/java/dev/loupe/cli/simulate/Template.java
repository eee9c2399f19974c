package dev.loupe.cli.simulate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>A line's <em>event</em> ({@link #event}) is what pattern mining is scored on: the template
 * itself, unless the template says otherwise. Loghub's ground truth, which the scores follow, makes
 * an HTTP request line's method part of its event ({@code <*> "GET <*>" status: <*> ...} and {@code
 * <*> "POST <*>" ...} are two OpenStack events) and every number a variable. So a template that
 * writes the method as a variable has one event a method ({@link #withEventsBy}), and the access
 * templates, one per route and status so that incidents can name them, share their method's event
 * ({@link #withEvent}). Immutable, thread-safe.
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

  /** The event of every line, when it is another template; null: see {@link #event}. */
  private final Template event;

  /** The variable whose value picks the event, or -1. */
  private final int eventVariable;

  /** The event of each value of {@link #eventVariable}; empty when there is none. */
  private final Map<String, Template> eventsByValue;

  Template(String id, Source source, String level, String text) {
    this(id, source, level, text, null, -1, Map.of());
  }

  private Template(
      String id,
      Source source,
      String level,
      String text,
      Template event,
      int eventVariable,
      Map<String, Template> eventsByValue) {
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
    this.event = event;
    this.eventVariable = eventVariable;
    this.eventsByValue = eventsByValue;
  }

  /** This template, its lines labelled with {@code event} (another template of the same lines). */
  Template withEvent(Template event) {
    requireNonNull(event, "event is null");
    return new Template(id, source, level, text, event, -1, Map.of());
  }

  /**
   * This template, its lines labelled with one event for each value of {@code variable}: the
   * template with that value written in as literal text, id {@code ID.value} (in lower case).
   */
  Template withEventsBy(String variable, List<String> values) {
    int index = variables.indexOf(variable);
    if (index < 0 || variables.lastIndexOf(variable) != index) {
      throw new IllegalArgumentException(
          "template " + id + " must have the variable " + variable + " once: " + text);
    }
    Map<String, Template> events = new LinkedHashMap<>();
    for (String value : values) {
      String eventText = text.replace("{" + variable + "}", value);
      String eventId = id + "." + value.toLowerCase(Locale.ROOT);
      events.put(value, new Template(eventId, source, level, eventText));
    }
    return new Template(id, source, level, text, null, index, Collections.unmodifiableMap(events));
  }

  /** The event of a line written with {@code values}: see the class note. */
  Template event(Object... values) {
    if (eventVariable >= 0) {
      Template byValue = eventsByValue.get(String.valueOf(values[eventVariable]));
      if (byValue == null) {
        throw new IllegalArgumentException(
            "template "
                + id
                + " has no event for "
                + variables.get(eventVariable)
                + " = "
                + values[eventVariable]);
      }
      return byValue;
    }
    return event == null ? this : event;
  }

  /** The events this template's lines may have: itself alone, unless it says otherwise. */
  List<Template> events() {
    if (eventVariable >= 0) {
      return List.copyOf(eventsByValue.values());
    }
    return List.of(event == null ? this : event);
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
