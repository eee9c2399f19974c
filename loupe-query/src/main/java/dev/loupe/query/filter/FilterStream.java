package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Stream;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stream selector, {@code _stream:{service="api",host=~"web-.*"}}: every label matcher holds for
 * the stream's labels. Operators as in Prometheus and LogQL: {@code =} equal, {@code !=} not equal,
 * {@code =~} the regex matches the <em>whole</em> value, {@code !~} it does not. A label the stream
 * lacks has the empty value, so {@code env!="prod"} holds for streams without {@code env} and
 * {@code env=""} selects exactly them. {@code {}} selects every stream.
 *
 * <p>All rows of a block belong to one stream, so the selector is decided per block from the header
 * ({@link BlockVerdict#ALL_ROWS} or {@link BlockVerdict#NO_ROWS}), never per row. The stream
 * carries its labels only as canonical text ({@link Stream#canonicalText}), which is parsed back
 * here; the last answer is cached, since consecutive blocks (and all rows of a block) usually share
 * the stream. Compares by its matchers, in the order written. Immutable (the cache is a benign race
 * over immutable values) and thread-safe.
 */
public final class FilterStream implements Filter {
  private final List<LabelMatcher> matchers;

  /** The last stream judged and the answer, replaced whole: a benign race. */
  private volatile StreamAnswer lastAnswer;

  private record StreamAnswer(Stream stream, boolean holds) {}

  /** How a label matcher compares. */
  public enum Operator {
    EQUAL("="),
    NOT_EQUAL("!="),
    MATCHES("=~"),
    NOT_MATCHES("!~");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** As written in a selector: {@code =}, {@code !=}, {@code =~}, {@code !~}. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * One {@code label op "value"} of a selector. The regex of {@code =~} and {@code !~} is compiled
   * once, here, and must match the whole value.
   *
   * @throws java.util.regex.PatternSyntaxException when a regex does not compile
   */
  public record LabelMatcher(String label, Operator operator, String value, Pattern regex) {

    public LabelMatcher(String label, Operator operator, String value) {
      this(label, operator, value, compile(operator, value));
    }

    public LabelMatcher {
      requireNonNull(label, "label is null");
      requireNonNull(operator, "operator is null");
      requireNonNull(value, "value is null");
      if (label.isEmpty()) {
        throw new IllegalArgumentException("label name is empty");
      }
    }

    private static Pattern compile(Operator operator, String value) {
      boolean isRegex = operator == Operator.MATCHES || operator == Operator.NOT_MATCHES;
      return isRegex ? Pattern.compile(value) : null;
    }

    boolean holds(Map<String, String> labels) {
      String actual = labels.getOrDefault(label, "");
      return switch (operator) {
        case EQUAL -> actual.equals(value);
        case NOT_EQUAL -> !actual.equals(value);
        case MATCHES -> regex.matcher(actual).matches();
        case NOT_MATCHES -> !regex.matcher(actual).matches();
      };
    }

    // Pattern has identity equality: compare by the text it came from.
    @Override
    public boolean equals(Object other) {
      return other instanceof LabelMatcher that
          && label.equals(that.label)
          && operator == that.operator
          && value.equals(that.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(label, operator, value);
    }
  }

  /**
   * @param matchers the label matchers, all of which must hold; may be empty
   */
  public FilterStream(List<LabelMatcher> matchers) {
    this.matchers = List.copyOf(requireNonNull(matchers, "matchers is null"));
  }

  public List<LabelMatcher> matchers() {
    return matchers;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    return holds(block.stream()) ? BlockVerdict.ALL_ROWS : BlockVerdict.NO_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    return holds(block.ref().stream());
  }

  @Override
  public void collectColumns(Set<String> columns) {
    // Decided from the stream of the block header.
  }

  private boolean holds(Stream stream) {
    StreamAnswer cached = lastAnswer;
    if (cached != null && cached.stream().equals(stream)) {
      return cached.holds();
    }
    boolean holds = evaluate(stream);
    lastAnswer = new StreamAnswer(stream, holds);
    return holds;
  }

  private boolean evaluate(Stream stream) {
    Map<String, String> labels = parseLabels(stream.canonicalLabels());
    for (LabelMatcher matcher : matchers) {
      if (!matcher.holds(labels)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterStream that && matchers.equals(that.matchers);
  }

  @Override
  public int hashCode() {
    return matchers.hashCode();
  }

  @Override
  public String toString() {
    return "FilterStream" + matchers;
  }

  /**
   * The labels of canonical stream text, {@code {a="1",b="x\"y"}} (see {@link
   * Stream#canonicalText}: values quoted, {@code "} and {@code \} escaped with a backslash; names
   * written as they are, so a name is read up to {@code ="}).
   *
   * @throws IllegalArgumentException when {@code text} is not canonical stream text
   */
  static Map<String, String> parseLabels(String text) {
    if (text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
      throw new IllegalArgumentException("not canonical stream labels: " + text);
    }
    Map<String, String> labels = new HashMap<>();
    int index = 1;
    int end = text.length() - 1;
    while (index < end) {
      int nameEnd = text.indexOf("=\"", index);
      if (nameEnd < 0) {
        throw new IllegalArgumentException("not canonical stream labels: " + text);
      }
      String name = text.substring(index, nameEnd);
      StringBuilder value = new StringBuilder();
      index = nameEnd + 2;
      while (index < end && text.charAt(index) != '"') {
        if (text.charAt(index) == '\\' && index + 1 < end) {
          index++;
        }
        value.append(text.charAt(index));
        index++;
      }
      labels.put(name, value.toString());
      index++; // the closing quote
      if (index < end && text.charAt(index) == ',') {
        index++;
      }
    }
    return labels;
  }
}
