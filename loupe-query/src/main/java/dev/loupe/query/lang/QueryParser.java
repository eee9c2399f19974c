package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterNot;
import dev.loupe.query.filter.FilterOr;
import dev.loupe.query.filter.FilterPhrase;
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterWord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses query text into a {@link Query}: a recursive-descent parser over the on-demand {@link
 * Lexer}. Grammar of this version (precedence {@code NOT} > {@code AND} > {@code OR}):
 *
 * <pre>
 * query    = [ or ]                          (empty text: every row)
 * or       = and { "OR" and }
 * and      = unary { [ "AND" ] unary }       (juxtaposition is AND)
 * unary    = ( "NOT" | "-" ) unary | primary
 * primary  = "(" or ")" | "*" | text | field ":" value
 * text     = WORD | STRING                   (on _msg)
 * value    = WORD | STRING | timeRange       (timeRange only, and always, for _time)
 * timeRange= ( "[" | "(" ) RFC3339 "," RFC3339 ( "]" | ")" )
 * </pre>
 *
 * No whitespace is allowed around the colon of {@code field:value}, so that text pasted from a log
 * ({@code error: timeout}) fails with a clear message instead of turning into a field filter.
 * Nested conjunctions and disjunctions are flattened ({@code a (b c)} is {@code a b c}), which
 * keeps the canonical print parsing back to an equal query.
 *
 * <p>The full language extends this class: a pipe is parsed where {@link #parseQuery} now rejects
 * {@code |}, a new value form (exact, regex, comparison, range) is one more case in {@link
 * #parseFieldValue}. Not thread-safe; {@link #parse} makes one parser per call.
 */
public final class QueryParser {
  private static final String TIME_RANGE_EXAMPLE =
      "a time range such as [2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z)";
  private static final String FULL_LANGUAGE = "comes with the full query language";
  private static final String QUOTE_HINT = "to search for it literally, put it in double quotes";

  private final Lexer lexer;
  private int position;
  private Token lookahead;
  private int depth;

  private QueryParser(String text) {
    this.lexer = new Lexer(text);
  }

  /**
   * Parses {@code text}.
   *
   * @throws QuerySyntaxException ({@code QUERY_SYNTAX}) with the position of the first error
   * @throws LoupeException ({@code PAYLOAD_TOO_LARGE}) when the text is longer than {@link
   *     QueryLimits#MAX_QUERY_LENGTH}
   */
  public static Query parse(String text) {
    requireNonNull(text, "text is null");
    if (text.length() > QueryLimits.MAX_QUERY_LENGTH) {
      throw new LoupeException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "query is "
              + text.length()
              + " characters long, more than the maximum of "
              + QueryLimits.MAX_QUERY_LENGTH
              + "; shorten it");
    }
    return new QueryParser(text).parseQuery();
  }

  private Query parseQuery() {
    if (peek().kind() == TokenKind.END) {
      return new Query(new FilterAll());
    }
    Filter filter = parseOr("a filter");
    Token next = peek();
    return switch (next.kind()) {
      case END -> new Query(filter);
      case RIGHT_PAREN ->
          throw new QuerySyntaxException(
              next.start(),
              "unmatched ')'",
              "end of query or a filter",
              next.describe(),
              "remove it or add the '(' it closes");
      case PIPE ->
          throw new QuerySyntaxException(
              next.start(),
              "pipes are not supported yet",
              "end of query or a filter",
              next.describe(),
              "'| stats', '| sort' and the other pipes " + FULL_LANGUAGE);
      default -> throw unexpected(next, "end of query or a filter");
    };
  }

  private Filter parseOr(String expectation) {
    List<Filter> children = new ArrayList<>();
    addFlattened(children, parseAnd(expectation), FilterOr.class);
    while (peek().kind() == TokenKind.OR) {
      consume();
      addFlattened(children, parseAnd("a filter after 'OR'"), FilterOr.class);
    }
    return children.size() == 1 ? children.getFirst() : new FilterOr(children);
  }

  private Filter parseAnd(String expectation) {
    List<Filter> children = new ArrayList<>();
    addFlattened(children, parseUnary(expectation), FilterAnd.class);
    while (true) {
      Token next = peek();
      if (next.kind() == TokenKind.AND) {
        consume();
        addFlattened(children, parseUnary("a filter after 'AND'"), FilterAnd.class);
      } else if (endsConjunction(next.kind())) {
        break;
      } else {
        addFlattened(children, parseUnary("a filter"), FilterAnd.class);
      }
    }
    return children.size() == 1 ? children.getFirst() : new FilterAnd(children);
  }

  private static boolean endsConjunction(TokenKind kind) {
    return kind == TokenKind.END
        || kind == TokenKind.OR
        || kind == TokenKind.RIGHT_PAREN
        || kind == TokenKind.PIPE;
  }

  private static void addFlattened(List<Filter> children, Filter child, Class<?> family) {
    if (child instanceof FilterAnd and && family == FilterAnd.class) {
      children.addAll(and.children());
    } else if (child instanceof FilterOr or && family == FilterOr.class) {
      children.addAll(or.children());
    } else {
      children.add(child);
    }
  }

  private Filter parseUnary(String expectation) {
    Token next = peek();
    if (next.kind() != TokenKind.NOT && next.kind() != TokenKind.MINUS) {
      return parsePrimary(expectation);
    }
    consume();
    enterNesting(next);
    Filter child = parseUnary("a filter after '" + next.text() + "'");
    depth--;
    return new FilterNot(child);
  }

  private Filter parsePrimary(String expectation) {
    Token next = peek();
    return switch (next.kind()) {
      case LEFT_PAREN -> parseParenthesized(next);
      case STAR -> {
        consume();
        yield new FilterAll();
      }
      case WORD, STRING -> parseTextOrField();
      case COLON ->
          throw new QuerySyntaxException(
              next.start(),
              "empty field name",
              "a field name right before ':'",
              next.describe(),
              "write field:value, or quote text that contains ':'");
      default -> throw unexpected(next, expectation);
    };
  }

  private Filter parseParenthesized(Token open) {
    consume();
    enterNesting(open);
    Filter inner = parseOr("a filter after '('");
    Token close = peek();
    if (close.kind() != TokenKind.RIGHT_PAREN) {
      throw new QuerySyntaxException(
          close.start(),
          "unclosed '('",
          "')' to close the '(' at position " + open.start(),
          close.describe(),
          null);
    }
    consume();
    depth--;
    return inner;
  }

  private Filter parseTextOrField() {
    Token first = consume();
    Token next = peek();
    if (next.kind() == TokenKind.COLON && next.start() == first.end()) {
      return parseField(first, consume());
    }
    if (first.kind() == TokenKind.STRING) {
      return new FilterPhrase(FieldNames.MESSAGE, first.text());
    }
    rejectAdjacentStar(first);
    return new FilterWord(FieldNames.MESSAGE, first.text());
  }

  private Filter parseField(Token name, Token colon) {
    String field = name.text();
    if (field.isEmpty()) {
      throw new QuerySyntaxException(
          name.start(),
          "empty field name",
          "a field name before ':'",
          name.describe(),
          "write field:value");
    }
    if (field.equals(FieldNames.TIME)) {
      return parseTimeRange(colon);
    }
    return parseFieldValue(field, colon);
  }

  private Filter parseFieldValue(String field, Token colon) {
    String expectation = "a value right after '" + field + ":'";
    Token value = peek();
    if (value.start() != colon.end()) {
      throw new QuerySyntaxException(
          colon.end(),
          "space after ':'",
          expectation,
          "whitespace",
          "write field:value without spaces, or quote text that contains ':'");
    }
    return switch (value.kind()) {
      case WORD -> {
        consume();
        rejectAdjacentStar(value);
        yield new FilterWord(field, value.text());
      }
      case STRING -> {
        consume();
        yield new FilterPhrase(field, value.text());
      }
      case STAR ->
          throw new QuerySyntaxException(
              value.start(),
              "syntax error",
              expectation,
              value.describe(),
              "'field:*' (the field exists) " + FULL_LANGUAGE);
      case RESERVED, LEFT_BRACKET, LEFT_PAREN ->
          throw new QuerySyntaxException(
              value.start(),
              "syntax error",
              expectation,
              value.describe(),
              "exact ':=', regex ':~', comparisons ':>' and ranges ':[' "
                  + FULL_LANGUAGE
                  + "; "
                  + QUOTE_HINT);
      default -> throw unexpected(value, expectation);
    };
  }

  private Filter parseTimeRange(Token colon) {
    Token open = peek();
    boolean opens = open.kind() == TokenKind.LEFT_BRACKET || open.kind() == TokenKind.LEFT_PAREN;
    if (!opens || open.start() != colon.end()) {
      throw new QuerySyntaxException(
          colon.end(),
          "syntax error",
          TIME_RANGE_EXAMPLE + " right after '_time:'",
          open.start() != colon.end() ? "whitespace" : open.describe(),
          "relative times such as _time:5m " + FULL_LANGUAGE);
    }
    consume();
    Token startBound = consumeTimeBound();
    long startNanos = parseTime(startBound);
    expect(TokenKind.COMMA, "',' between the start and the end of the time range");
    Token endBound = consumeTimeBound();
    long endNanos = parseTime(endBound);
    Token close = peek();
    if (close.kind() != TokenKind.RIGHT_BRACKET && close.kind() != TokenKind.RIGHT_PAREN) {
      throw unexpected(close, "']' or ')' to close the time range");
    }
    consume();
    boolean startInclusive = open.kind() == TokenKind.LEFT_BRACKET;
    boolean endInclusive = close.kind() == TokenKind.RIGHT_BRACKET;
    if (isEmptyRange(startNanos, startInclusive, endNanos, endInclusive)) {
      throw new QuerySyntaxException(
          endBound.start(),
          "empty time range",
          "an end after the start " + startBound.text(),
          "'" + endBound.text() + "'",
          null);
    }
    return new FilterTime(startNanos, startInclusive, endNanos, endInclusive);
  }

  private static boolean isEmptyRange(
      long startNanos, boolean startInclusive, long endNanos, boolean endInclusive) {
    long firstIncluded = startInclusive ? startNanos : startNanos + 1;
    long firstExcluded = endInclusive ? endNanos + 1 : endNanos;
    return firstIncluded >= firstExcluded;
  }

  private long parseTime(Token bound) {
    String expectation = "an RFC 3339 time such as 2024-05-01T12:00:00Z";
    if (bound.kind() != TokenKind.WORD) {
      throw unexpected(bound, expectation);
    }
    Instant instant;
    try {
      instant =
          OffsetDateTime.parse(bound.text(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException malformed) {
      throw new QuerySyntaxException(
          bound.start(),
          "bad time",
          expectation,
          bound.describe(),
          "give a date, a time and a zone: Z or +02:00");
    }
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException outOfRange) {
      throw new QuerySyntaxException(
          bound.start(),
          "time out of range",
          "a time between 1677-09-21 and 2262-04-11, which nanoseconds in 64 bits can hold",
          bound.describe(),
          null);
    }
  }

  private void rejectAdjacentStar(Token word) {
    Token next = peek();
    if (next.kind() == TokenKind.STAR && next.start() == word.end()) {
      throw new QuerySyntaxException(
          next.start(),
          "prefix search is not supported yet",
          "whitespace or the end of the word",
          next.describe(),
          "'" + word.text() + "*' " + FULL_LANGUAGE + "; search the whole word for now");
    }
  }

  private void enterNesting(Token token) {
    depth++;
    if (depth > QueryLimits.MAX_NESTING_DEPTH) {
      throw new QuerySyntaxException(
          token.start(),
          "query nests too deeply",
          "at most " + QueryLimits.MAX_NESTING_DEPTH + " nested parentheses and negations",
          "more",
          "simplify the query");
    }
  }

  private QuerySyntaxException unexpected(Token token, String expectation) {
    String hint =
        switch (token.kind()) {
          case RESERVED, COLON, COMMA, LEFT_BRACKET, RIGHT_BRACKET, STAR, MINUS -> QUOTE_HINT;
          case AND, OR, NOT -> "to search for the word itself, quote it: \"" + token.text() + "\"";
          case PIPE -> "pipes " + FULL_LANGUAGE;
          default -> null;
        };
    return new QuerySyntaxException(
        token.start(), "syntax error", expectation, token.describe(), hint);
  }

  private void expect(TokenKind kind, String expectation) {
    Token next = peek();
    if (next.kind() != kind) {
      throw unexpected(next, expectation);
    }
    consume();
  }

  private Token peek() {
    if (lookahead == null) {
      lookahead = lexer.next(position);
    }
    return lookahead;
  }

  private Token consume() {
    Token token = peek();
    position = token.end();
    lookahead = null;
    return token;
  }

  /** Lexes a time bound in the raw mode where ':' and '-' belong to it; see Lexer#timeBound. */
  private Token consumeTimeBound() {
    Token bound = lexer.timeBound(position);
    if (bound.kind() == TokenKind.WORD) {
      position = bound.end();
      lookahead = null;
    }
    return bound;
  }
}
