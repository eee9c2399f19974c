package dev.loupe.query.lang;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.FieldNames;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeContext;
import dev.loupe.query.pipe.PipeExtractRegexp;
import dev.loupe.query.pipe.PipeFields;
import dev.loupe.query.pipe.PipeHead;
import dev.loupe.query.pipe.PipeParse;
import dev.loupe.query.pipe.PipePatterns;
import dev.loupe.query.pipe.PipeRename;
import dev.loupe.query.pipe.PipeSort;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.pipe.PipeTop;
import dev.loupe.query.pipe.PipeUniq;
import dev.loupe.query.pipe.PipeUnpackJson;
import dev.loupe.query.pipe.PipeUnpackLogfmt;
import dev.loupe.query.pipe.PipeWhere;
import dev.loupe.query.stats.StatsAvg;
import dev.loupe.query.stats.StatsCount;
import dev.loupe.query.stats.StatsCountUniq;
import dev.loupe.query.stats.StatsFunction;
import dev.loupe.query.stats.StatsMax;
import dev.loupe.query.stats.StatsMin;
import dev.loupe.query.stats.StatsQuantile;
import dev.loupe.query.stats.StatsSum;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one pipe after its {@code |}, on the tokens of the enclosing {@link QueryParser}:
 *
 * <pre>
 * pipe     = "fields" field { "," field }
 *          | "context" ( "before" INTEGER [ "after" INTEGER ] | "after" INTEGER )   (first pipe only)
 *          | ( "head" | "limit" ) INTEGER
 *          | "stats" call { "," call } [ "by" ( "(" group { "," group } ")" | group { "," group } ) ]
 *          | "sort" "by" ( "(" key { "," key } ")" | key { "," key } )
 *          | "top" [ INTEGER ] field           (10 without the number)
 *          | "where" or                        (any filter, as before the pipes)
 *          | "rename" field "as" field { "," field "as" field }
 *          | ( "extract_regexp" | "parse" ) STRING [ "from" field ]
 *          | ( "unpack_json" | "json" | "unpack_logfmt" | "logfmt" ) [ "from" field ]
 *          | ( "math" | "eval" ) assignments  (see MathParser)
 *          | "uniq" "by" ( "(" field { "," field } ")" | field { "," field } )
 *          | "patterns"                        (rows by _pattern, with counts and templates)
 * key      = field [ "desc" | "asc" ]
 * call     = function [ "as" field ]
 * function = "count" "(" ")" | ( "sum" | "avg" | "min" | "max" | "count_uniq" ) "(" field ")"
 *          | "p" DIGITS "(" field ")"        (p1 .. p99)
 *          | "quantile" "(" NUMBER "," field ")"
 * group    = field | "bin" "(" "_time" "," DURATION ")"
 * field    = WORD | STRING
 * </pre>
 *
 * Pipe names and function names are lower case, like LogsQL's. One instance per pipe; not
 * thread-safe.
 */
final class PipeParser {
  private static final long DEFAULT_TOP = 10;
  private static final Pattern PERCENTILE = Pattern.compile("p([1-9][0-9]?)");
  private static final String PIPES =
      "context, extract_regexp, fields, head, limit, math, parse, patterns, rename, sort, stats,"
          + " top, uniq, unpack_json, unpack_logfmt or where";
  private static final String FUNCTIONS =
      "count(), count_uniq(x), sum(x), avg(x), min(x), max(x), p50(x) .. p99(x) or"
          + " quantile(0.99, x)";

  private final QueryParser parser;

  PipeParser(QueryParser parser) {
    this.parser = requireNonNull(parser, "parser is null");
  }

  /**
   * Parses the pipe after {@code bar}, the {@code |} just consumed; {@code first} when no pipe came
   * before it.
   */
  Pipe parse(Token bar, boolean first) {
    Token name = parser.peek();
    if (name.kind() != TokenKind.WORD) {
      throw parser.unexpected(name, "a pipe name (" + PIPES + ") after '|'");
    }
    return switch (name.text()) {
      case "context" -> parseContext(parser.consume(), first);
      case "fields" -> parseFields(parser.consume());
      case "head", "limit" -> parseHead(parser.consume());
      case "stats" -> parseStats(parser.consume());
      case "sort" -> parseSort(parser.consume());
      case "top" -> parseTop(parser.consume());
      case "where" -> parseWhere(parser.consume());
      case "rename" -> parseRename(parser.consume());
      case "uniq" -> parseUniq(parser.consume());
      case "patterns" -> parsePatterns(parser.consume());
      case "extract_regexp" -> parseExtractRegexp(parser.consume());
      case "parse" -> parseParse(parser.consume());
      case "math", "eval" -> parser.parseMath(parser.consume().end());
      case "unpack_json", "json" -> new PipeUnpackJson(parseFrom(parser.consume()));
      case "unpack_logfmt", "logfmt" -> new PipeUnpackLogfmt(parseFrom(parser.consume()));
      default -> throw unknownPipe(name);
    };
  }

  private QuerySyntaxException unknownPipe(Token name) {
    return new QuerySyntaxException(
        name.start(), "unknown pipe", "a pipe name (" + PIPES + ")", name.describe(), null);
  }

  private Pipe parseContext(Token keyword, boolean first) {
    if (!first) {
      throw new QuerySyntaxException(
          keyword.start(),
          "context must be the first pipe",
          "'context' right after the filters",
          keyword.describe(),
          "it places stored rows around each hit; move it before the other pipes");
    }
    int before = parseContextCount("before");
    int after = parseContextCount("after");
    if (before < 0 && after < 0) {
      throw parser.unexpected(parser.peek(), "'before N' or 'after N' after 'context'");
    }
    return new PipeContext(Math.max(before, 0), Math.max(after, 0));
  }

  /** {@code [ word INTEGER ]}: the count, or -1 when {@code word} is not next. */
  private int parseContextCount(String word) {
    Token next = parser.peek();
    if (next.kind() != TokenKind.WORD || !next.text().equals(word)) {
      return -1;
    }
    parser.consume();
    Token count = parser.peek();
    String expectation =
        "a number of rows from 0 to " + QueryLimits.MAX_CONTEXT_ROWS + " after '" + word + "'";
    if (count.kind() != TokenKind.WORD) {
      throw parser.unexpected(count, expectation);
    }
    long value = positiveInteger(count.text());
    if (value < 0 || value > QueryLimits.MAX_CONTEXT_ROWS) {
      throw new QuerySyntaxException(
          count.start(), "bad number", expectation, count.describe(), null);
    }
    parser.consume();
    return (int) value;
  }

  private Pipe parseWhere(Token keyword) {
    return new PipeWhere(parser.parsePipeFilter("a filter after '" + keyword.text() + "'"));
  }

  private Pipe parseExtractRegexp(Token keyword) {
    Token regex =
        expectString(keyword, "a quoted regex with named groups, such as \"(?P<ms>[0-9]+)ms\"");
    String from = parseFrom(keyword);
    try {
      return new PipeExtractRegexp(regex.text(), from);
    } catch (PatternSyntaxException invalid) {
      throw new QuerySyntaxException(
          regex.start(),
          "bad regex",
          "a java.util.regex pattern",
          regex.describe(),
          invalid.getDescription());
    } catch (IllegalArgumentException invalid) {
      throw new QuerySyntaxException(
          regex.start(),
          "bad regex",
          "a regex with named groups",
          regex.describe(),
          invalid.getMessage());
    }
  }

  private Pipe parseParse(Token keyword) {
    Token pattern = expectString(keyword, "a quoted pattern such as \"took <ms>ms\"");
    String from = parseFrom(keyword);
    try {
      return new PipeParse(pattern.text(), from);
    } catch (IllegalArgumentException invalid) {
      throw new QuerySyntaxException(
          pattern.start(),
          "bad pattern",
          "literal text and <field> placeholders",
          pattern.describe(),
          invalid.getMessage());
    }
  }

  private Token expectString(Token keyword, String expectation) {
    Token text = parser.peek();
    if (text.kind() != TokenKind.STRING) {
      throw parser.unexpected(text, expectation + " after '" + keyword.text() + "'");
    }
    return parser.consume();
  }

  /** {@code [ "from" field ]}: the field to read, {@code _msg} without it. */
  private String parseFrom(Token keyword) {
    Token from = parser.peek();
    if (from.kind() != TokenKind.WORD || !from.text().equals("from")) {
      return FieldNames.MESSAGE;
    }
    parser.consume();
    return parseFieldName("a field after 'from' of '" + keyword.text() + "'");
  }

  private Pipe parseUniq(Token keyword) {
    Token by = parser.peek();
    if (by.kind() != TokenKind.WORD || !by.text().equals("by")) {
      throw parser.unexpected(by, "'by' after 'uniq'");
    }
    parser.consume();
    boolean parenthesized = parser.peek().kind() == TokenKind.LEFT_PAREN;
    Token open = parenthesized ? parser.consume() : null;
    List<String> fields = new ArrayList<>();
    do {
      Token field = parser.peek();
      String name = parseFieldName("a field after 'uniq by'");
      if (fields.contains(name)) {
        throw new QuerySyntaxException(
            field.start(), "duplicate field", "each field once", field.describe(), null);
      }
      fields.add(name);
    } while (consumeComma());
    if (parenthesized) {
      parser.expect(
          TokenKind.RIGHT_PAREN,
          "',' or ')' to close the '(' of 'uniq by' at position " + open.start());
    }
    return new PipeUniq(fields);
  }

  private Pipe parsePatterns(Token keyword) {
    return new PipePatterns();
  }

  private Pipe parseRename(Token keyword) {
    List<PipeRename.Rename> renames = new ArrayList<>();
    do {
      String from = parseFieldName("a field to rename after '" + keyword.text() + "'");
      Token as = parser.peek();
      if (as.kind() != TokenKind.WORD || !as.text().equals("as")) {
        throw parser.unexpected(as, "'as' and the new name after '" + from + "'");
      }
      parser.consume();
      renames.add(new PipeRename.Rename(from, parseFieldName("a new field name after 'as'")));
    } while (consumeComma());
    return new PipeRename(renames);
  }

  private Pipe parseFields(Token keyword) {
    List<String> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    do {
      Token field = parser.peek();
      String name = parseFieldName("a field name after '" + keyword.text() + "'");
      if (!seen.add(name)) {
        throw new QuerySyntaxException(
            field.start(), "duplicate field", "each field once", field.describe(), null);
      }
      fields.add(name);
    } while (consumeComma());
    return new PipeFields(fields);
  }

  private Pipe parseHead(Token keyword) {
    Token count = parser.peek();
    String expectation = "a number of rows such as 10 after '" + keyword.text() + "'";
    if (count.kind() != TokenKind.WORD) {
      throw parser.unexpected(count, expectation);
    }
    long value = positiveInteger(count.text());
    if (value < 1) {
      throw new QuerySyntaxException(
          count.start(), "bad number", expectation, count.describe(), null);
    }
    parser.consume();
    return new PipeHead(value);
  }

  private static long positiveInteger(String text) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(text);
  }

  private Pipe parseSort(Token keyword) {
    Token by = parser.peek();
    if (by.kind() != TokenKind.WORD || !by.text().equals("by")) {
      throw parser.unexpected(by, "'by' after 'sort'");
    }
    parser.consume();
    boolean parenthesized = parser.peek().kind() == TokenKind.LEFT_PAREN;
    Token open = parenthesized ? parser.consume() : null;
    List<PipeSort.Key> keys = new ArrayList<>();
    do {
      String field = parseFieldName("a field to sort by");
      Token order = parser.peek();
      boolean descending = order.kind() == TokenKind.WORD && order.text().equals("desc");
      if (descending || (order.kind() == TokenKind.WORD && order.text().equals("asc"))) {
        parser.consume();
      }
      keys.add(new PipeSort.Key(field, descending));
    } while (consumeComma());
    if (parenthesized) {
      parser.expect(
          TokenKind.RIGHT_PAREN,
          "',' or ')' to close the '(' of 'sort by' at position " + open.start());
    }
    return new PipeSort(keys);
  }

  private Pipe parseTop(Token keyword) {
    Token first = parser.peek();
    long count = DEFAULT_TOP;
    boolean numbered =
        first.kind() == TokenKind.WORD
            && positiveInteger(first.text()) >= 0
            && startsField(parser.peekAfter(first));
    if (numbered) {
      count = positiveInteger(first.text());
      if (count < 1) {
        throw new QuerySyntaxException(
            first.start(), "bad number", "a count of at least 1", first.describe(), null);
      }
      parser.consume();
    }
    Token field = parser.peek();
    String name = parseFieldName("a field after '" + keyword.text() + "', as in top 10 service");
    if (name.equals(PipeTop.HITS)) {
      throw new QuerySyntaxException(
          field.start(),
          "reserved name",
          "a field other than 'hits'",
          field.describe(),
          "'hits' is the count column of top; rank it with stats count() by (hits)");
    }
    return new PipeTop(count, name);
  }

  private static boolean startsField(Token token) {
    return token.kind() == TokenKind.WORD || token.kind() == TokenKind.STRING;
  }

  private Pipe parseStats(Token keyword) {
    List<PipeStats.Call> calls = new ArrayList<>();
    Set<String> names = new HashSet<>();
    do {
      Token start = parser.peek();
      PipeStats.Call call = parseCall();
      if (!names.add(call.name())) {
        throw new QuerySyntaxException(
            start.start(),
            "duplicate result name",
            "a name not used yet",
            QuerySyntax.quote(call.name()),
            "name one of them with 'as', as in count() as hits");
      }
      calls.add(call);
    } while (consumeComma());
    List<PipeStats.GroupBy> groups = List.of();
    Token next = parser.peek();
    if (next.kind() == TokenKind.WORD && next.text().equals("by")) {
      parser.consume();
      groups = parseGroups(names);
    }
    return new PipeStats(calls, groups);
  }

  private PipeStats.Call parseCall() {
    StatsFunction function = parseFunction();
    Token next = parser.peek();
    if (next.kind() != TokenKind.WORD || !next.text().equals("as")) {
      return new PipeStats.Call(function, null);
    }
    parser.consume();
    return new PipeStats.Call(function, parseFieldName("a result name after 'as'"));
  }

  private StatsFunction parseFunction() {
    Token name = parser.peek();
    if (name.kind() != TokenKind.WORD) {
      throw parser.unexpected(name, "a stats function (" + FUNCTIONS + ")");
    }
    parser.consume();
    parser.expect(TokenKind.LEFT_PAREN, "'(' after '" + name.text() + "'");
    StatsFunction function =
        switch (name.text()) {
          case "count" -> new StatsCount();
          case "count_uniq" -> new StatsCountUniq(parseArgument(name));
          case "sum" -> new StatsSum(parseArgument(name));
          case "avg" -> new StatsAvg(parseArgument(name));
          case "min" -> new StatsMin(parseArgument(name));
          case "max" -> new StatsMax(parseArgument(name));
          case "quantile" -> parseQuantile(name);
          default -> parsePercentile(name);
        };
    parser.expect(TokenKind.RIGHT_PAREN, "')' to close '" + name.text() + "('");
    return function;
  }

  private String parseArgument(Token function) {
    return parseFieldName("a field name inside '" + function.text() + "('");
  }

  private StatsFunction parsePercentile(Token name) {
    var matcher = PERCENTILE.matcher(name.text());
    if (!matcher.matches()) {
      throw new QuerySyntaxException(
          name.start(), "unknown stats function", FUNCTIONS, name.describe(), null);
    }
    double phi = Integer.parseInt(matcher.group(1)) / 100.0;
    return new StatsQuantile(phi, parseArgument(name), true);
  }

  private StatsFunction parseQuantile(Token name) {
    Token rank = parser.peek();
    String expectation = "a rank from 0 to 1, such as 0.99, as the first argument of 'quantile('";
    double phi = rank.kind() == TokenKind.WORD ? rank(rank.text()) : Double.NaN;
    if (Double.isNaN(phi)) {
      throw new QuerySyntaxException(rank.start(), "bad rank", expectation, rank.describe(), null);
    }
    parser.consume();
    parser.expect(TokenKind.COMMA, "',' between the rank and the field of 'quantile('");
    return new StatsQuantile(phi, parseArgument(name), false);
  }

  private static double rank(String text) {
    if (!text.matches("[0-9]+(\\.[0-9]+)?")) {
      return Double.NaN;
    }
    double value = Double.parseDouble(text);
    return value <= 1 ? value : Double.NaN;
  }

  private List<PipeStats.GroupBy> parseGroups(Set<String> names) {
    boolean parenthesized = parser.peek().kind() == TokenKind.LEFT_PAREN;
    Token open = parenthesized ? parser.consume() : null;
    List<PipeStats.GroupBy> groups = new ArrayList<>();
    do {
      Token start = parser.peek();
      PipeStats.GroupBy group = parseGroup();
      if (!names.add(group.field())) {
        throw new QuerySyntaxException(
            start.start(),
            "duplicate name",
            "a group field not grouped by yet and not a result name",
            start.describe(),
            null);
      }
      groups.add(group);
    } while (consumeComma());
    if (parenthesized) {
      parser.expect(
          TokenKind.RIGHT_PAREN, "',' or ')' to close the '(' of 'by' at position " + open.start());
    }
    return groups;
  }

  private PipeStats.GroupBy parseGroup() {
    Token name = parser.peek();
    boolean isBin =
        name.kind() == TokenKind.WORD
            && name.text().equals("bin")
            && parser.peekAfter(name).kind() == TokenKind.LEFT_PAREN;
    if (!isBin) {
      return PipeStats.GroupBy.field(parseFieldName("a field to group by, or bin(_time, 1m)"));
    }
    parser.consume();
    parser.consume();
    Token field = parser.peek();
    if (!parseFieldName("_time inside 'bin('").equals(FieldNames.TIME)) {
      throw new QuerySyntaxException(
          field.start(),
          "bin is only for _time",
          "_time inside 'bin('",
          field.describe(),
          "group by the field itself instead");
    }
    parser.expect(TokenKind.COMMA, "',' between _time and the bin size");
    Token duration = parser.peek();
    if (duration.kind() != TokenKind.WORD || !FilterTimeRelative.isDuration(duration.text())) {
      throw new QuerySyntaxException(
          duration.start(),
          "bad bin size",
          "a duration such as 1m (a number and one of ms, s, m, h, d, w)",
          duration.describe(),
          null);
    }
    parser.consume();
    parser.expect(TokenKind.RIGHT_PAREN, "')' to close 'bin('");
    long nanos = new FilterTimeRelative(duration.text()).nanos();
    return new PipeStats.GroupBy(FieldNames.TIME, duration.text(), nanos);
  }

  private String parseFieldName(String expectation) {
    Token token = parser.peek();
    boolean named =
        token.kind() == TokenKind.WORD
            || (token.kind() == TokenKind.STRING && !token.text().isEmpty());
    if (!named) {
      throw parser.unexpected(token, expectation);
    }
    parser.consume();
    return token.text();
  }

  private boolean consumeComma() {
    if (parser.peek().kind() != TokenKind.COMMA) {
      return false;
    }
    parser.consume();
    return true;
  }
}
