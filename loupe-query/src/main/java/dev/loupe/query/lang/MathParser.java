package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.filter.NumberText;
import dev.loupe.query.pipe.PipeMath;
import dev.loupe.query.pipe.PipeMath.Expression;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the assignments of a {@code math} pipe, character by character (as stream selectors are),
 * since {@code *}, {@code -} and {@code /} mean other things to the query lexer:
 *
 * <pre>
 * assignments = assignment { "," assignment }
 * assignment  = field "=" sum
 * sum         = product { ( "+" | "-" ) product }
 * product     = primary { ( "*" | "/" | "%" ) primary }
 * primary     = NUMBER | field | "(" sum ")"
 * field       = NAME | STRING        (NAME: a letter or '_', then letters, digits, '_' or '.')
 * </pre>
 *
 * One instance per pipe; not thread-safe.
 */
final class MathParser {
  private final QueryParser parser;
  private final Lexer lexer;
  private int index;
  private int depth;

  MathParser(QueryParser parser, Lexer lexer, int start) {
    this.parser = requireNonNull(parser, "parser is null");
    this.lexer = requireNonNull(lexer, "lexer is null");
    this.index = start;
  }

  /** The assignments; leaves the query parser right after them. */
  PipeMath parse() {
    List<PipeMath.Assignment> assignments = new ArrayList<>();
    do {
      String field = parseField("a field to assign, as in math x = a * 2");
      expect('=', "'=' after '" + field + "'");
      assignments.add(new PipeMath.Assignment(field, parseSum()));
    } while (consume(','));
    skipWhitespace();
    char next = lexer.charAt(index);
    if (next != 0 && next != '|') {
      throw failure("an operator (+ - * / %), ',' or '|'");
    }
    parser.resumeAt(index);
    return new PipeMath(assignments);
  }

  private Expression parseSum() {
    Expression left = parseProduct();
    while (true) {
      skipWhitespace();
      char operator = lexer.charAt(index);
      if (operator != '+' && operator != '-') {
        return left;
      }
      index++;
      left = new PipeMath.Operation(operator, left, parseProduct());
    }
  }

  private Expression parseProduct() {
    Expression left = parsePrimary();
    while (true) {
      skipWhitespace();
      char operator = lexer.charAt(index);
      if (operator != '*' && operator != '/' && operator != '%') {
        return left;
      }
      index++;
      left = new PipeMath.Operation(operator, left, parsePrimary());
    }
  }

  private Expression parsePrimary() {
    skipWhitespace();
    char c = lexer.charAt(index);
    if (c == '(') {
      int open = index++;
      if (++depth > dev.loupe.query.QueryLimits.MAX_NESTING_DEPTH) {
        throw failure("fewer nested parentheses");
      }
      Expression inner = parseSum();
      expect(')', "')' to close the '(' at position " + open);
      depth--;
      return inner;
    }
    if (Character.isDigit(c) || c == '.') {
      int start = index;
      while (isNumberChar(lexer.charAt(index), lexer.charAt(index - 1))) {
        index++;
      }
      String number = lexer.slice(start, index);
      if (!NumberText.isNumber(number)) {
        index = start;
        throw failure("a number such as 1000 or 0.5");
      }
      return new PipeMath.Literal(number);
    }
    return new PipeMath.FieldValue(parseField("a number, a field or '(' (negate with 0 - x)"));
  }

  private static boolean isNumberChar(char c, char previous) {
    boolean exponentSign = (c == '+' || c == '-') && (previous == 'e' || previous == 'E');
    return Character.isLetterOrDigit(c) || c == '.' || exponentSign;
  }

  private String parseField(String expectation) {
    skipWhitespace();
    char c = lexer.charAt(index);
    if (c == '"') {
      Token quoted = lexer.next(index);
      if (quoted.kind() != TokenKind.STRING || quoted.text().isEmpty()) {
        throw failure(expectation);
      }
      index = quoted.end();
      return quoted.text();
    }
    if (!Character.isLetter(c) && c != '_') {
      throw failure(expectation);
    }
    int start = index;
    while (isNameChar(lexer.charAt(index))) {
      index++;
    }
    return lexer.slice(start, index);
  }

  /** Whether {@code field} prints bare in a math expression. */
  static boolean isName(String field) {
    if (field.isEmpty() || (!Character.isLetter(field.charAt(0)) && field.charAt(0) != '_')) {
      return false;
    }
    return field.chars().allMatch(c -> isNameChar((char) c));
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  private void expect(char c, String expectation) {
    if (!consume(c)) {
      throw failure(expectation);
    }
  }

  private boolean consume(char c) {
    skipWhitespace();
    if (lexer.charAt(index) != c) {
      return false;
    }
    index++;
    return true;
  }

  private void skipWhitespace() {
    while (lexer.charAt(index) != 0 && Character.isWhitespace(lexer.charAt(index))) {
      index++;
    }
  }

  private QuerySyntaxException failure(String expectation) {
    skipWhitespace();
    char c = lexer.charAt(index);
    String found = c == 0 ? "end of query" : "'" + c + "'";
    return new QuerySyntaxException(index, "syntax error", expectation, found, null);
  }
}
