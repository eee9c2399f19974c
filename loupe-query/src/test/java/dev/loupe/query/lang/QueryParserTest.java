package dev.loupe.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterNot;
import dev.loupe.query.filter.FilterOr;
import dev.loupe.query.filter.FilterPhrase;
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterWord;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each case is one line. Success lines read {@code input => canonical text}; failure
 * lines {@code input ¦ position ¦ fragment of the message}. {@code <empty>} stands for "".
 */
class QueryParserTest {

  private static final String SUCCESSES =
      """
      foo                                   => foo
      FOO                                   => FOO
      foo bar                               => foo bar
      foo AND bar                           => foo bar
      foo   AND   bar   baz                 => foo bar baz
      foo OR bar                            => foo OR bar
      foo bar OR baz                        => foo bar OR baz
      foo OR bar baz                        => foo OR bar baz
      foo (bar OR baz)                      => foo (bar OR baz)
      (foo OR bar) (baz OR qux)             => (foo OR bar) (baz OR qux)
      (foo)                                 => foo
      ((foo))                               => foo
      a (b c)                               => a b c
      (a OR b) OR c                         => a OR b OR c
      a OR (b OR c)                         => a OR b OR c
      NOT foo                               => -foo
      -foo                                  => -foo
      - foo                                 => -foo
      --foo                                 => --foo
      NOT NOT foo                           => --foo
      -foo bar                              => -foo bar
      NOT (a OR b)                          => -(a OR b)
      NOT (a b)                             => -(a b)
      -(a)                                  => -a
      a OR NOT b c                          => a OR -b c
      a AND NOT b                           => a -b
      "connection refused"                  => "connection refused"
      "a \\"quoted\\" word"                 => "a \\"quoted\\" word"
      "tab\\there"                          => "tab\\there"
      "back\\\\slash"                       => "back\\\\slash"
      "C:\\path"                            => "C:\\\\path"
      "\\u0041\\u00e9"                      => "Aé"
      ""                                    => ""
      "("                                   => "("
      level:error                           => level:error
      level:"error"                         => level:"error"
      level:""                              => level:""
      http.status:500                       => http.status:500
      x-request-id:abc-123                  => x-request-id:abc-123
      user_name:bob                         => user_name:bob
      _msg:foo                              => foo
      _msg:"foo bar"                        => "foo bar"
      "my field":value                      => "my field":value
      "level":error                         => level:error
      "AND":x                               => "AND":x
      path:/health                          => path:/health
      -path:/health                         => -path:/health
      NOT level:debug                       => -level:debug
      client:10.0.0.1                       => client:10.0.0.1
      user=bob                              => user=bob
      don't                                 => don't
      foo-bar                               => foo-bar
      C:\\path                              => C:\\path
      and or not                            => and or not
      "AND" "OR"                            => "AND" "OR"
      été                                   => été
      *                                     => *
      <empty>                               => *
      \\t                                   => \\t
      foo OR *                              => foo OR *
      _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z) => _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z)
      _time:[2024-05-01T00:00:00Z,2024-05-02T00:00:00Z]  => _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z]
      _time:( 2024-05-01T02:00:00+02:00 , 2024-05-02T00:00:00.5Z ) => _time:(2024-05-01T00:00:00Z, 2024-05-02T00:00:00.500Z)
      _time:[1970-01-01T00:00:00.000000001Z, 1970-01-01T00:00:00.000000002Z) => _time:[1970-01-01T00:00:00.000000001Z, 1970-01-01T00:00:00.000000002Z)
      error _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z) => error _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z)
      service:checkout level:error "payment declined" => service:checkout level:error "payment declined"
      (timeout OR "connection refused") -path:/health => (timeout OR "connection refused") -path:/health
      """;

  private static final String FAILURES =
      """
      "abc                    ¦ 0  ¦ unclosed quote at position 0: expected a closing '"'
      foo "abc                ¦ 4  ¦ unclosed quote at position 4
      "abc\\"                 ¦ 0  ¦ unclosed quote
      foo OR                  ¦ 6  ¦ expected a filter after 'OR', found end of query
      OR foo                  ¦ 0  ¦ expected a filter, found 'OR'
      foo OR OR bar           ¦ 7  ¦ expected a filter after 'OR', found 'OR'
      foo AND                 ¦ 7  ¦ expected a filter after 'AND', found end of query
      foo AND OR bar          ¦ 8  ¦ expected a filter after 'AND', found 'OR'
      AND                     ¦ 0  ¦ found 'AND'; to search for the word itself, quote it: "AND"
      NOT                     ¦ 3  ¦ expected a filter after 'NOT', found end of query
      foo -                   ¦ 5  ¦ expected a filter after '-', found end of query
      foo)                    ¦ 3  ¦ unmatched ')' at position 3: expected end of query or a filter, found ')'
      )                       ¦ 0  ¦ expected a filter, found ')'
      (foo                    ¦ 4  ¦ unclosed '(' at position 4: expected ')' to close the '(' at position 0, found end of query
      a (b (c)                ¦ 8  ¦ expected ')' to close the '(' at position 2
      ()                      ¦ 1  ¦ expected a filter after '(', found ')'
      :foo                    ¦ 0  ¦ empty field name at position 0: expected a field name right before ':'
      "":foo                  ¦ 0  ¦ empty field name at position 0: expected a field name before ':'
      foo :bar                ¦ 4  ¦ empty field name
      a:b:c                   ¦ 3  ¦ empty field name
      foo:                    ¦ 4  ¦ expected a value right after 'foo:', found end of query
      foo: bar                ¦ 4  ¦ space after ':' at position 4: expected a value right after 'foo:', found whitespace
      err*                    ¦ 3  ¦ prefix search is not supported yet
      level:err*              ¦ 9  ¦ 'err*' comes with the full query language
      foo | head 10           ¦ 4  ¦ pipes are not supported yet
      level:=error            ¦ 6  ¦ expected a value right after 'level:', found '='
      status:>=500            ¦ 7  ¦ found '>'
      level:~"err"            ¦ 6  ¦ regex ':~'
      level:*                 ¦ 6  ¦ 'field:*' (the field exists) comes with the full query language
      level:-x                ¦ 6  ¦ expected a value right after 'level:', found '-'
      level:OR                ¦ 6  ¦ found 'OR'
      =foo                    ¦ 0  ¦ expected a filter, found '='; to search for it literally, put it in double quotes
      foo,bar                 ¦ 3  ¦ found ','
      _stream:{service="a"}   ¦ 8  ¦ found '{'
      _time:5m                ¦ 6  ¦ relative times such as _time:5m comes with the full query language
      _time:                  ¦ 6  ¦ expected a time range such as [2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z) right after '_time:', found end of query
      _time: [2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z) ¦ 6 ¦ found whitespace
      _time:[2024-05-01, 2024-05-02)                      ¦ 7 ¦ bad time at position 7: expected an RFC 3339 time such as 2024-05-01T12:00:00Z, found '2024-05-01'
      _time:[2024-05-01T00:00:00Z 2024-05-02T00:00:00Z)   ¦ 28 ¦ expected ',' between the start and the end of the time range
      _time:[2024-05-02T00:00:00Z, 2024-05-01T00:00:00Z)  ¦ 29 ¦ empty time range
      _time:[2024-05-01T00:00:00Z, 2024-05-01T00:00:00Z)  ¦ 29 ¦ empty time range
      _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z   ¦ 49 ¦ expected ']' or ')' to close the time range, found end of query
      _time:[, 2024-05-02T00:00:00Z)                      ¦ 7  ¦ expected an RFC 3339 time such as 2024-05-01T12:00:00Z, found ','
      _time:[2300-01-01T00:00:00Z, 2301-01-01T00:00:00Z)  ¦ 7  ¦ time out of range
      """;

  static Stream<Arguments> successes() {
    return SUCCESSES
        .lines()
        .map(line -> line.split("=>", 2))
        .map(parts -> Arguments.of(text(parts[0]), parts[1].strip()));
  }

  static Stream<Arguments> failures() {
    return FAILURES
        .lines()
        .map(line -> line.split("¦", 3))
        .map(
            parts ->
                Arguments.of(text(parts[0]), Integer.parseInt(parts[1].strip()), parts[2].strip()));
  }

  private static String text(String cell) {
    String stripped = cell.strip();
    return stripped.equals("<empty>") ? "" : stripped;
  }

  @ParameterizedTest(name = "[{0}] prints as [{1}]")
  @MethodSource("successes")
  void parsesAndPrintsCanonically(String input, String canonical) {
    assertThat(QueryParser.parse(input).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{0}] round-trips")
  @MethodSource("successes")
  void theCanonicalTextParsesBackToTheSameQuery(String input, String canonical) {
    Query query = QueryParser.parse(input);
    assertThat(QueryParser.parse(query.toString())).isEqualTo(query);
    assertThat(QueryParser.parse(canonical)).isEqualTo(query);
    assertThat(QueryParser.parse(canonical).toString()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{0}] fails at {1}")
  @MethodSource("failures")
  void reportsWhereAndWhatIsWrong(String input, int position, String fragment) {
    QuerySyntaxException failure =
        catchThrowableOfType(QuerySyntaxException.class, () -> QueryParser.parse(input));
    assertThat(failure).as("parsing [%s] should fail", input).isNotNull();
    assertThat(failure.code()).isEqualTo(ErrorCode.QUERY_SYNTAX);
    assertThat(failure.getMessage()).contains(fragment).contains("at position " + position + ":");
    assertThat(failure.position()).isEqualTo(position);
  }

  @Test
  void precedenceIsNotThenAndThenOr() {
    assertThat(QueryParser.parse("a OR b c").filter())
        .isEqualTo(new FilterOr(List.of(word("a"), new FilterAnd(List.of(word("b"), word("c"))))));
    assertThat(QueryParser.parse("NOT a b").filter())
        .isEqualTo(new FilterAnd(List.of(new FilterNot(word("a")), word("b"))));
    assertThat(QueryParser.parse("-a OR b").filter())
        .isEqualTo(new FilterOr(List.of(new FilterNot(word("a")), word("b"))));
  }

  @Test
  void buildsFieldAndTimeFilters() {
    assertThat(QueryParser.parse("level:error").filter())
        .isEqualTo(new FilterWord("level", "error"));
    assertThat(QueryParser.parse("msg:\"a b\"").filter()).isEqualTo(new FilterPhrase("msg", "a b"));
    assertThat(QueryParser.parse("_msg:x").filter())
        .isEqualTo(new FilterWord(FieldNames.MESSAGE, "x"));
    assertThat(QueryParser.parse("_time:(1970-01-01T00:00:01Z, 1970-01-01T00:00:02Z]").filter())
        .isEqualTo(new FilterTime(1_000_000_000L, false, 2_000_000_000L, true));
  }

  @Test
  void limitsNesting() {
    int limit = QueryLimits.MAX_NESTING_DEPTH;
    String deepest = "(".repeat(limit) + "a" + ")".repeat(limit);
    assertThat(QueryParser.parse(deepest).filter()).isEqualTo(word("a"));
    String tooDeep = "(".repeat(limit + 1) + "a" + ")".repeat(limit + 1);
    assertThatThrownBy(() -> QueryParser.parse(tooDeep))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("nests too deeply at position " + limit);
    assertThatThrownBy(() -> QueryParser.parse("-".repeat(limit + 1) + "a"))
        .hasMessageContaining("nests too deeply");
  }

  @Test
  void limitsLength() {
    String tooLong = "a ".repeat(QueryLimits.MAX_QUERY_LENGTH / 2 + 1);
    assertThatThrownBy(() -> QueryParser.parse(tooLong))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
  }

  @Test
  void longConjunctionsDoNotRecurse() {
    String[] words = new String[10_000];
    Arrays.fill(words, "w");
    Filter filter = QueryParser.parse(String.join(" OR ", words)).filter();
    assertThat(filter)
        .isInstanceOfSatisfying(FilterOr.class, or -> assertThat(or.children()).hasSize(10_000));
  }

  private static FilterWord word(String word) {
    return new FilterWord(FieldNames.MESSAGE, word);
  }
}
