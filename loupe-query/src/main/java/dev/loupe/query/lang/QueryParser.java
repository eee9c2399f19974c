package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterExact;
import dev.loupe.query.filter.FilterExists;
import dev.loupe.query.filter.FilterIp;
import dev.loupe.query.filter.FilterNot;
import dev.loupe.query.filter.FilterOr;
import dev.loupe.query.filter.FilterPhrase;
import dev.loupe.query.filter.FilterPrefix;
import dev.loupe.query.filter.FilterRange;
import dev.loupe.query.filter.FilterRegex;
import dev.loupe.query.filter.FilterStream;
import dev.loupe.query.filter.FilterStream.LabelMatcher;
import dev.loupe.query.filter.FilterStream.Operator;
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.filter.FilterWord;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeMath;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Parses query text into a {@link Query}: a recursive-descent parser over the on-demand {@link
 * Lexer}. Grammar of this version (precedence {@code NOT} > {@code AND} > {@code OR}):
 *
 * <pre>
 * query    = [ or ]                          (empty text: every row)
 * or       = and { "OR" and }
 * and      = unary { [ "AND" ] unary }       (juxtaposition is AND)
 * unary    = ( "NOT" | "-" ) unary | primary
 * primary  = "(" or ")" | "*" | text | "~" STRING | field ":" value
 * text     = WORD [ "*" ] | STRING [ "*" ]    (on _msg; "*" right after it: a prefix)
 * value    = WORD [ "*" ] | STRING [ "*" ]    (word, phrase, prefix)
 *          | "*"                             (the field exists)
 *          | "=" ( WORD | STRING )           (exact value)
 *          | "~" STRING                      (regex)
 *          | ( ">" | ">=" | "<" | "<=" ) ( NUMBER | STRING )
 *          | ( "[" | "(" ) bound "," bound ( "]" | ")" )    (bounds both NUMBER or both STRING)
 *          | "ip(" ADDRESS [ "/" LENGTH ] ")"
 * _time    : timeRange | DURATION            (DURATION: 5m, 1h, 2d; units ms s m h d w)
 * timeRange= ( "[" | "(" ) RFC3339 "," RFC3339 ( "]" | ")" )
 * _stream  : "{" [ label op STRING { "," label op STRING } ] "}"   (op: = != =~ !~)
 *          | WORD | STRING                   (matched against the canonical label text)
 * pipes    = { "|" pipe }                    (after the filters; see PipeParser)
 * </pre>
 *
 * No whitespace is allowed around the colon of {@code field:value}, so that text pasted from a log
 * ({@code error: timeout}) fails with a clear message instead of turning into a field filter.
 * Nested conjunctions and disjunctions are flattened ({@code a (b c)} is {@code a b c}), which
 * keeps the canonical print parsing back to an equal query.
 *
 * <p>The parser never reads the clock: {@code _time:5m} becomes a {@link FilterTimeRelative} that
 * the executor resolves against the "now" of the search. A new pipe is one more case in {@link
 * PipeParser}; a new value form is one more case in {@link #parseFieldValue}. Not thread-safe;
 * {@link #parse} makes one parser per call.
 */
public final class QueryParser {
  private static final String TIME_RANGE_EXAMPLE =
      "a time range such as [2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z)";
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
    TokenKind first = peek().kind();
    Filter filter =
        first == TokenKind.END || first == TokenKind.PIPE ? new FilterAll() : parseOr("a filter");
    Token next = peek();
    return switch (next.kind()) {
      case END -> new Query(filter);
      case PIPE -> new Query(filter, parsePipes());
      case RIGHT_PAREN ->
          throw new QuerySyntaxException(
              next.start(),
              "unmatched ')'",
              "end of query or a filter",
              next.describe(),
              "remove it or add the '(' it closes");
      default -> throw unexpected(next, "end of query or a filter");
    };
  }

  private List<Pipe> parsePipes() {
    List<Pipe> pipes = new ArrayList<>();
    while (peek().kind() == TokenKind.PIPE) {
      Token bar = consume();
      pipes.add(new PipeParser(this).parse(bar, pipes.isEmpty()));
    }
    Token next = peek();
    if (next.kind() != TokenKind.END) {
      throw unexpected(next, "'|' and another pipe, or end of query");
    }
    return pipes;
  }

  /** The assignments of a {@code math} pipe, read from offset {@code start} of the text. */
  PipeMath parseMath(int start) {
    return new MathParser(this, lexer, start).parse();
  }

  /** Continues with the token at offset {@code offset}, after text a helper read by itself. */
  void resumeAt(int offset) {
    position = offset;
    lookahead = null;
  }

  /** The filter of a {@code where} pipe: an OR expression up to the next {@code |} or the end. */
  Filter parsePipeFilter(String expectation) {
    return parseOr(expectation);
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
      case RESERVED -> {
        if (!next.text().equals("~")) {
          throw unexpected(next, expectation);
        }
        consume();
        yield parseRegex(FieldNames.MESSAGE, next);
      }
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
    return parseTextValue(FieldNames.MESSAGE, first);
  }

  /** A consumed WORD or STRING: a word, a phrase, or with a '*' right after it a prefix. */
  private Filter parseTextValue(String field, Token value) {
    Token next = peek();
    if (next.kind() == TokenKind.STAR && next.start() == value.end()) {
      consume();
      if (value.text().isEmpty()) {
        throw new QuerySyntaxException(
            next.start(),
            "empty prefix",
            "text before '*'",
            "'\"\"*'",
            "write field:* for 'the field has a value', or * for every line");
      }
      return new FilterPrefix(field, value.text());
    }
    if (value.kind() == TokenKind.STRING) {
      return new FilterPhrase(field, value.text());
    }
    return new FilterWord(field, value.text());
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
      return parseTimeValue(colon);
    }
    if (field.equals(FieldNames.STREAM) && lexer.charAt(colon.end()) == '{') {
      return parseStreamSelector(colon.end());
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
        boolean isIp = value.text().equals("ip") && lexer.charAt(value.end()) == '(';
        yield isIp ? parseIp(field, value) : parseTextValue(field, value);
      }
      case STRING -> parseTextValue(field, consume());
      case STAR -> {
        consume();
        yield new FilterExists(field);
      }
      case LEFT_BRACKET, LEFT_PAREN -> parseRange(field, consume());
      case RESERVED -> parseOperatorValue(field, value, expectation);
      default -> throw unexpected(value, expectation);
    };
  }

  /** {@code ip(10.0.0.0/8)}: the word {@code ip} is consumed, the parenthesis is next. */
  private Filter parseIp(String field, Token ip) {
    consume();
    Token network = lexer.timeBound(ip.end() + 1);
    String expectation = "an IP address or network such as 10.0.0.0/8 or 2001:db8::/32";
    if (network.kind() != TokenKind.WORD) {
      throw unexpected(network, expectation);
    }
    FilterIp filter;
    try {
      filter = new FilterIp(field, network.text());
    } catch (IllegalArgumentException invalid) {
      throw new QuerySyntaxException(
          network.start(), "bad IP network", expectation, network.describe(), invalid.getMessage());
    }
    position = network.end();
    lookahead = null;
    expect(TokenKind.RIGHT_PAREN, "')' to close 'ip('");
    return filter;
  }

  /** {@code :=}, {@code :~}, {@code :>}, {@code :>=}, {@code :<}, {@code :<=} after the colon. */
  private Filter parseOperatorValue(String field, Token operator, String expectation) {
    int start = operator.start();
    if (lexer.startsWith("=", start)) {
      consume();
      return parseExact(field, operator);
    }
    if (lexer.startsWith("~", start)) {
      consume();
      return parseRegex(field, operator);
    }
    for (String comparison : new String[] {">=", "<=", ">", "<"}) {
      if (lexer.startsWith(comparison, start)) {
        return parseComparison(field, comparison, start);
      }
    }
    throw new QuerySyntaxException(
        start,
        "syntax error",
        expectation,
        operator.describe(),
        "the operators after ':' are = ~ > >= < <=; " + QUOTE_HINT);
  }

  private Filter parseExact(String field, Token operator) {
    Token value = peek();
    boolean adjacent = value.start() == operator.end();
    if (!adjacent || (value.kind() != TokenKind.WORD && value.kind() != TokenKind.STRING)) {
      throw new QuerySyntaxException(
          operator.end(),
          "syntax error",
          "the exact value right after '" + field + ":=', such as \"payment declined\"",
          adjacent ? value.describe() : "whitespace",
          null);
    }
    consume();
    return new FilterExact(field, value.text());
  }

  /** A regex: {@code ~} consumed, the quoted pattern right after it. */
  private Filter parseRegex(String field, Token tilde) {
    Token pattern = peek();
    if (pattern.kind() != TokenKind.STRING || pattern.start() != tilde.end()) {
      throw new QuerySyntaxException(
          tilde.end(),
          "syntax error",
          "a quoted regex right after '~', such as ~\"timeout after \\d+ms\"",
          pattern.start() != tilde.end() ? "whitespace" : pattern.describe(),
          null);
    }
    consume();
    try {
      return new FilterRegex(field, pattern.text());
    } catch (PatternSyntaxException invalid) {
      throw new QuerySyntaxException(
          pattern.start(),
          "bad regex",
          "a java.util.regex pattern",
          pattern.describe(),
          invalid.getDescription()
              + (invalid.getIndex() >= 0 ? " near index " + invalid.getIndex() : ""));
    }
  }

  private Filter parseComparison(String field, String comparison, int start) {
    int boundStart = start + comparison.length();
    position = boundStart;
    lookahead = null;
    Token bound = peek();
    if (bound.start() != boundStart) {
      throw new QuerySyntaxException(
          boundStart,
          "syntax error",
          "a number or a quoted text right after '" + comparison + "'",
          bound.kind() == TokenKind.END ? bound.describe() : "whitespace",
          null);
    }
    boolean isText = bound.kind() == TokenKind.STRING;
    if (isText) {
      consume();
    } else {
      bound = consumeNumber("right after '" + comparison + "'");
    }
    FilterRange.Kind kind = isText ? FilterRange.Kind.STRING : FilterRange.Kind.NUMBER;
    boolean inclusive = comparison.endsWith("=");
    return comparison.startsWith(">")
        ? FilterRange.greaterThan(field, kind, bound.text(), inclusive)
        : FilterRange.lessThan(field, kind, bound.text(), inclusive);
  }

  /** {@code [500, 599]} and the like; the opening bracket is consumed. */
  private Filter parseRange(String field, Token open) {
    Token lower = consumeRangeBound(null);
    expect(TokenKind.COMMA, "',' between the two bounds of the range");
    Token upper = consumeRangeBound(lower);
    Token close = peek();
    if (close.kind() != TokenKind.RIGHT_BRACKET && close.kind() != TokenKind.RIGHT_PAREN) {
      throw unexpected(close, "']' or ')' to close the range");
    }
    consume();
    FilterRange.Kind kind =
        lower.kind() == TokenKind.STRING ? FilterRange.Kind.STRING : FilterRange.Kind.NUMBER;
    try {
      return new FilterRange(
          field,
          kind,
          lower.text(),
          open.kind() == TokenKind.LEFT_BRACKET,
          upper.text(),
          close.kind() == TokenKind.RIGHT_BRACKET);
    } catch (IllegalArgumentException empty) {
      throw new QuerySyntaxException(
          upper.start(),
          "empty range",
          "an upper bound above the lower bound " + lower.describe(),
          upper.describe(),
          null);
    }
  }

  /** A bound inside a range: a quoted text, or a number; of the same kind as {@code lower}. */
  private Token consumeRangeBound(Token lower) {
    Token next = peek();
    boolean isText = next.kind() == TokenKind.STRING;
    boolean lowerIsText = lower != null && lower.kind() == TokenKind.STRING;
    if (lower != null && isText != lowerIsText) {
      throw new QuerySyntaxException(
          next.start(),
          "mixed range",
          lowerIsText ? "a quoted text like the lower bound" : "a number like the lower bound",
          next.describe(),
          "quote both bounds to compare text, or neither to compare numbers");
    }
    if (isText) {
      return consume();
    }
    return consumeNumber(lower == null ? "as the lower bound" : "as the upper bound");
  }

  private Token consumeNumber(String where) {
    Token number = lexer.timeBound(position);
    String expectation = "a number such as 500 or 2.5 " + where;
    if (number.kind() != TokenKind.WORD) {
      throw unexpected(number, expectation);
    }
    if (!FilterRange.isNumber(number.text())) {
      throw new QuerySyntaxException(
          number.start(),
          "bad number",
          expectation,
          number.describe(),
          "quote the value to compare text, such as >\"m\"");
    }
    position = number.end();
    lookahead = null;
    return number;
  }

  private Filter parseTimeValue(Token colon) {
    Token open = peek();
    boolean opens = open.kind() == TokenKind.LEFT_BRACKET || open.kind() == TokenKind.LEFT_PAREN;
    if (opens && open.start() == colon.end()) {
      return parseTimeRange(colon);
    }
    Token duration = lexer.timeBound(colon.end());
    if (duration.start() == colon.end()
        && duration.kind() == TokenKind.WORD
        && FilterTimeRelative.isDuration(duration.text())) {
      position = duration.end();
      lookahead = null;
      return new FilterTimeRelative(duration.text());
    }
    throw new QuerySyntaxException(
        colon.end(),
        "syntax error",
        "a duration such as 5m or " + TIME_RANGE_EXAMPLE + " right after '_time:'",
        open.start() != colon.end() ? "whitespace" : open.describe(),
        "durations are a number and one of ms, s, m, h, d, w");
  }

  /** {@code {label="value", ...}} right after {@code _stream:}, at {@code open}. */
  private Filter parseStreamSelector(int open) {
    List<LabelMatcher> matchers = new ArrayList<>();
    int index = skipWhitespace(open + 1);
    if (lexer.charAt(index) == '}') {
      return finishSelector(index, matchers);
    }
    while (true) {
      index = parseLabelMatcher(index, matchers);
      index = skipWhitespace(index);
      char c = lexer.charAt(index);
      if (c == '}') {
        return finishSelector(index, matchers);
      }
      if (c != ',') {
        throw new QuerySyntaxException(
            index, "syntax error", "',' or '}' after a label matcher", describeAt(index), null);
      }
      index = skipWhitespace(index + 1);
    }
  }

  private Filter finishSelector(int close, List<LabelMatcher> matchers) {
    position = close + 1;
    lookahead = null;
    return new FilterStream(matchers);
  }

  /** Parses {@code label op "value"} at {@code index}; returns the offset after it. */
  private int parseLabelMatcher(int index, List<LabelMatcher> matchers) {
    String label;
    int labelEnd;
    if (lexer.charAt(index) == '"') {
      Token quoted = lexer.next(index);
      label = quoted.text();
      labelEnd = quoted.end();
    } else {
      labelEnd = index;
      while (QuerySyntax.isLabelChar(lexer.charAt(labelEnd))) {
        labelEnd++;
      }
      label = lexer.slice(index, labelEnd);
    }
    if (label.isEmpty()) {
      throw new QuerySyntaxException(
          index, "syntax error", "a label name such as service", describeAt(index), null);
    }
    int operatorStart = skipWhitespace(labelEnd);
    Operator operator = operatorAt(operatorStart);
    int valueStart = skipWhitespace(operatorStart + operator.symbol().length());
    Token value = lexer.next(valueStart);
    if (value.kind() != TokenKind.STRING) {
      throw new QuerySyntaxException(
          valueStart,
          "syntax error",
          "a quoted label value such as \"api\"",
          value.describe(),
          null);
    }
    try {
      matchers.add(new LabelMatcher(label, operator, value.text()));
    } catch (PatternSyntaxException invalid) {
      throw new QuerySyntaxException(
          value.start(),
          "bad regex",
          "a java.util.regex pattern",
          value.describe(),
          invalid.getDescription());
    }
    return value.end();
  }

  private Operator operatorAt(int index) {
    for (Operator operator :
        new Operator[] {
          Operator.MATCHES, Operator.NOT_MATCHES, Operator.NOT_EQUAL, Operator.EQUAL
        }) {
      if (lexer.startsWith(operator.symbol(), index)) {
        return operator;
      }
    }
    throw new QuerySyntaxException(
        index, "syntax error", "one of = != =~ !~ after the label name", describeAt(index), null);
  }

  private int skipWhitespace(int index) {
    int current = index;
    while (Character.isWhitespace(lexer.charAt(current))) {
      current++;
    }
    return current;
  }

  private String describeAt(int index) {
    Token token = lexer.next(index);
    return token.start() == index ? token.describe() : "whitespace";
  }

  /** {@code [start, end)} and the like, right after {@code _time:}; the bracket is next. */
  private Filter parseTimeRange(Token colon) {
    Token open = peek();
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

  QuerySyntaxException unexpected(Token token, String expectation) {
    String hint =
        switch (token.kind()) {
          case RESERVED, COLON, COMMA, LEFT_BRACKET, RIGHT_BRACKET, STAR, MINUS -> QUOTE_HINT;
          case AND, OR, NOT -> "to search for the word itself, quote it: \"" + token.text() + "\"";
          case PIPE -> "pipes go after all the filters, outside parentheses";
          default -> null;
        };
    return new QuerySyntaxException(
        token.start(), "syntax error", expectation, token.describe(), hint);
  }

  void expect(TokenKind kind, String expectation) {
    Token next = peek();
    if (next.kind() != kind) {
      throw unexpected(next, expectation);
    }
    consume();
  }

  /** The token after {@code token}, without consuming anything: a second token of lookahead. */
  Token peekAfter(Token token) {
    return lexer.next(token.end());
  }

  Token peek() {
    if (lookahead == null) {
      lookahead = lexer.next(position);
    }
    return lookahead;
  }

  Token consume() {
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
