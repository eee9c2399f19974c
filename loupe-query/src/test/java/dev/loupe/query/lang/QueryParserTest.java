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
      foo | head 10                         => foo | head 10
      foo | limit 10                        => foo | head 10
      | head 5                              => * | head 5
      * | fields _time, level, "my field"   => * | fields _time, level, "my field"
      a |fields x,y| head 3                 => a | fields x, y | head 3
      * | stats count()                     => * | stats count()
      * | stats count ( ) as hits           => * | stats count() as hits
      status:>=500 | stats count() by (service) => status:>=500 | stats count() by (service)
      * | stats count() by service, host    => * | stats count() by (service, host)
      * | stats sum(bytes), avg(lat), min(lat), max(lat), count_uniq(user) => * | stats sum(bytes), avg(lat), min(lat), max(lat), count_uniq(user)
      * | stats p50(lat), p99(lat) as slow by (bin(_time, 1m)) => * | stats p50(lat), p99(lat) as slow by (bin(_time, 1m))
      * | stats quantile(0.950, lat)        => * | stats quantile(0.95, lat)
      * | stats quantile(1, lat), p5(lat)   => * | stats quantile(1, lat), p5(lat)
      * | stats count() by (bin, "a b")     => * | stats count() by (bin, "a b")
      * | stats count() as "a b" | head 1   => * | stats count() as "a b" | head 1
      |limit 5|stats count ( ) by service   => * | head 5 | stats count() by (service)
      * | sort by (a desc, b asc, "c d")    => * | sort by (a desc, b, "c d")
      * | sort by x                         => * | sort by (x)
      * | top 5 service                     => * | top 5 service
      * | top service                       => * | top 10 service
      * | top 3 "5"                         => * | top 3 5
      * | top 7                             => * | top 10 7
      * | where x:1                         => * | where x:1
      * | rename a as b                     => * | rename a as b
      * | extract_regexp "(?P<ms>[0-9]+)ms" => * | extract_regexp "(?P<ms>[0-9]+)ms"
      * | extract_regexp "(?<a>.)" from _msg => * | extract_regexp "(?<a>.)"
      * | extract_regexp "(?<a>.)" from "x y" => * | extract_regexp "(?<a>.)" from "x y"
      * | parse "took <ms>ms"               => * | parse "took <ms>ms"
      * | json                              => * | unpack_json
      * | unpack_json from _msg             => * | unpack_json
      * | unpack_json from body | head 1    => * | unpack_json from body | head 1
      * | logfmt from "a b"                 => * | unpack_logfmt from "a b"
      * | unpack_logfmt                     => * | unpack_logfmt
      * | math x = a * 1000 / b             => * | math x = a * 1000 / b
      * | eval x=(a+b)*2,y=x%7|head 1       => * | math x = (a + b) * 2, y = x % 7 | head 1
      * | math x = a - (b - c) - d          => * | math x = a - (b - c) - d
      * | math x = ((a * b)) + c / (d * e)  => * | math x = a * b + c / (d * e)
      * | math "a b" = "c-d" + 1e-3 + 2.5   => * | math "a b" = "c-d" + 1e-3 + 2.5
      * | math x = req.ms / 1000 | stats sum(x) => * | math x = req.ms / 1000 | stats sum(x)
      * | parse "<_> id=<id>" from raw | head 1 => * | parse "<_> id=<id>" from raw | head 1
      * | uniq by (a, "b c")                => * | uniq by (a, "b c")
      * | patterns                        => * | patterns
      level:error|patterns|head 5       => level:error | patterns | head 5
      _pattern:p0123456789ab | patterns => _pattern:p0123456789ab | patterns
      foo | context before 2 after 3        => foo | context before 2 after 3
      foo | context before 2                => foo | context before 2
      foo | context after 3 | head 5        => foo | context after 3 | head 5
      foo | context before 0                => foo | context before 0
      foo | context before 1000 after 0     => foo | context before 1000
      * | uniq by x,y | head 2              => * | uniq by (x, y) | head 2
      * | rename a as "b c",x as y|head 1   => * | rename a as "b c", x as y | head 1
      foo | where a OR b | head 1           => foo | where a OR b | head 1
      * | where (a OR b) -c:>=5             => * | where (a OR b) -c:>=5
      * | stats count() as n by (host) | where n:>100 => * | stats count() as n by (host) | where n:>100
      * | stats count() as n by (s) | sort by (n desc) | head 3 => * | stats count() as n by (s) | sort by (n desc) | head 3
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
      err*                                  => err*
      level:err*                            => level:err*
      _msg:err*                             => err*
      -err* OR warn*                        => -err* OR warn*
      "GET /api/"*                          => "GET /api/"*
      path:"/api v"*                        => path:"/api v"*
      ~"timeout after \\d+ms"               => ~"timeout after \\\\d+ms"
      msg:~"^a.*b$"                         => msg:~"^a.*b$"
      _msg:~"x"                             => ~"x"
      -~"x" y                               => -~"x" y
      level:=error                          => level:=error
      level:="exact value"                  => level:="exact value"
      level:=""                             => level:=""
      _msg:="x y"                           => _msg:="x y"
      status:>=500                          => status:>=500
      latency_ms:>250                       => latency_ms:>250
      status:<300                           => status:<300
      status:<=299                          => status:<=299
      x:>-2.5e3                             => x:>-2.5e3
      name:>"m"                             => name:>"m"
      name:<=""                             => name:<=""
      status:[500,599]                      => status:[500, 599]
      status:( 500 , 599 ]                  => status:(500, 599]
      latency:[0.5, 1.5)                    => latency:[0.5, 1.5)
      name:["a", "m")                       => name:["a", "m")
      (status:>=500)                        => status:>=500
      status:>=500 error                    => status:>=500 error
      client_ip:ip(10.0.0.0/8)              => client_ip:ip(10.0.0.0/8)
      client_ip:ip(192.168.1.7)             => client_ip:ip(192.168.1.7)
      addr:ip(2001:db8::/32)                => addr:ip(2001:db8::/32)
      client_ip:ip                          => client_ip:ip
      level:*                               => level:*
      _msg:*                                => _msg:*
      -trace_id:*                           => -trace_id:*
      _time:5m                              => _time:5m
      _time:90s error                       => _time:90s error
      _time:2d                              => _time:2d
      _time:250ms OR _time:1w               => _time:250ms OR _time:1w
      _stream:{service="api"}               => _stream:{service="api"}
      _stream:{ service = "api" , host=~"web-.*" } => _stream:{service="api",host=~"web-.*"}
      _stream:{env!="prod",zone!~"eu-.*"}   => _stream:{env!="prod",zone!~"eu-.*"}
      _stream:{}                            => _stream:{}
      _stream:{"my label"="x"}              => _stream:{"my label"="x"}
      _stream:api                           => _stream:api
      -_stream:{service="api"} OR err*      => -_stream:{service="api"} OR err*
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
      foo | nosuchpipe        ¦ 6  ¦ unknown pipe
      foo | context           ¦ 13 ¦ expected 'before N' or 'after N' after 'context', found end of query
      foo | context before    ¦ 20 ¦ expected a number of rows from 0 to 1000 after 'before', found end of query
      foo | context after x   ¦ 20 ¦ expected a number of rows from 0 to 1000 after 'after', found 'x'
      foo | context before 1001 ¦ 21 ¦ bad number
      foo | context after 1 before 1 ¦ 22 ¦ or end of query
      foo | head 1 | context before 1 ¦ 15 ¦ context must be the first pipe
      * | math                ¦ 8  ¦ expected a field to assign, as in math x = a * 2, found end of query
      * | math x              ¦ 10 ¦ expected '=' after 'x', found end of query
      * | math x = a b        ¦ 15 ¦ expected an operator (+ - * / %), ',' or '|', found 'b'
      * | math x = (a + 1     ¦ 19 ¦ expected ')' to close the '(' at position 13
      * | math x = -a         ¦ 13 ¦ expected a number, a field or '(' (negate with 0 - x), found '-'
      * | math x = 2x         ¦ 13 ¦ expected a number such as 1000 or 0.5
      * | eval x = a +        ¦ 16 ¦ expected a number, a field or '('
      * | json from           ¦ 13 ¦ expected a field after 'from' of 'json', found end of query
      * | unpack_logfmt x     ¦ 18 ¦ expected '|' and another pipe, or end of query, found 'x'
      * | extract_regexp      ¦ 18 ¦ expected a quoted regex with named groups
      * | extract_regexp x    ¦ 19 ¦ after 'extract_regexp', found 'x'
      * | extract_regexp "(a" ¦ 19 ¦ bad regex
      * | extract_regexp "(a)" ¦ 19 ¦ bad regex at position 19: expected a regex with named groups
      * | extract_regexp "(?<a>x)" from ¦ 33 ¦ expected a field after 'from'
      * | parse               ¦ 9  ¦ expected a quoted pattern such as
      * | parse "no fields"   ¦ 10 ¦ bad pattern
      * | parse "a <> b"      ¦ 10 ¦ empty or unclosed placeholder
      * | extract_regexp "(?<a>(" ¦ 19 ¦ bad regex at position 19: expected a java.util.regex pattern
      * | uniq (a)            ¦ 9  ¦ expected 'by' after 'uniq', found '('
      * | uniq by             ¦ 11 ¦ expected a field after 'uniq by', found end of query
      * | uniq by (a, a)      ¦ 16 ¦ duplicate field
      * | uniq by (a          ¦ 14 ¦ expected ',' or ')' to close the '(' of 'uniq by' at position 12
      * | where               ¦ 9  ¦ expected a filter after 'where', found end of query
      * | rename              ¦ 10 ¦ expected a field to rename after 'rename', found end of query
      * | rename a b          ¦ 13 ¦ expected 'as' and the new name after 'a', found 'b'
      * | rename a as         ¦ 15 ¦ expected a new field name after 'as', found end of query
      * | where | head 1      ¦ 10 ¦ expected a filter after 'where', found '|'
      * | where (a | head 1   ¦ 13 ¦ expected ')' to close the '(' at position 10, found '|'
      * | sort x              ¦ 9  ¦ expected 'by' after 'sort', found 'x'
      * | sort by             ¦ 11 ¦ expected a field to sort by
      * | sort by (a          ¦ 14 ¦ expected ',' or ')' to close the '(' of 'sort by' at position 12
      * | top                 ¦ 7  ¦ expected a field after 'top', as in top 10 service
      * | top 0 x             ¦ 8  ¦ bad number
      * | top 3 hits          ¦ 10 ¦ reserved name
      foo |                   ¦ 5  ¦ expected a pipe name (context, extract_regexp, fields, head, limit, math, parse, patterns, rename, sort, stats, top, uniq, unpack_json, unpack_logfmt or where) after '|', found end of query
      foo | bar               ¦ 6  ¦ unknown pipe
      foo | head              ¦ 10 ¦ expected a number of rows such as 10 after 'head'
      foo | head 0            ¦ 11 ¦ bad number
      foo | limit x           ¦ 12 ¦ bad number
      foo | head 10 bar       ¦ 14 ¦ expected '|' and another pipe, or end of query, found 'bar'
      (foo | head 1)          ¦ 5  ¦ expected ')' to close the '(' at position 0, found '|'
      * | fields              ¦ 10 ¦ expected a field name after 'fields'
      * | fields a, a         ¦ 14 ¦ duplicate field
      * | fields a,           ¦ 13 ¦ expected a field name after 'fields'
      * | stats               ¦ 9  ¦ expected a stats function
      * | stats cnt()         ¦ 10 ¦ unknown stats function
      * | stats count(        ¦ 16 ¦ expected ')' to close 'count('
      * | stats sum()         ¦ 14 ¦ expected a field name inside 'sum('
      * | stats count(), count() ¦ 19 ¦ duplicate result name
      * | stats p100(x)       ¦ 10 ¦ unknown stats function
      * | stats quantile(2, x) ¦ 19 ¦ bad rank
      * | stats count() by (a ¦ 23 ¦ expected ',' or ')' to close the '(' of 'by' at position 21
      * | stats count() by (bin(_time, 5x)) ¦ 33 ¦ bad bin size
      * | stats count() by (bin(host, 1m)) ¦ 26 ¦ bin is only for _time
      * | stats count() by (a, a) ¦ 25 ¦ duplicate name
      * | stats count() as    ¦ 20 ¦ expected a result name after 'as'
      level:-x                ¦ 6  ¦ expected a value right after 'level:', found '-'
      level:OR                ¦ 6  ¦ found 'OR'
      =foo                    ¦ 0  ¦ expected a filter, found '='; to search for it literally, put it in double quotes
      foo,bar                 ¦ 3  ¦ found ','
      _time:                  ¦ 6  ¦ expected a duration such as 5m or a time range such as [2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z) right after '_time:', found end of query
      _time: [2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z) ¦ 6 ¦ found whitespace
      _time:[2024-05-01, 2024-05-02)                      ¦ 7 ¦ bad time at position 7: expected an RFC 3339 time such as 2024-05-01T12:00:00Z, found '2024-05-01'
      _time:[2024-05-01T00:00:00Z 2024-05-02T00:00:00Z)   ¦ 28 ¦ expected ',' between the start and the end of the time range
      _time:[2024-05-02T00:00:00Z, 2024-05-01T00:00:00Z)  ¦ 29 ¦ empty time range
      _time:[2024-05-01T00:00:00Z, 2024-05-01T00:00:00Z)  ¦ 29 ¦ empty time range
      _time:[2024-05-01T00:00:00Z, 2024-05-02T00:00:00Z   ¦ 49 ¦ expected ']' or ')' to close the time range, found end of query
      _time:[, 2024-05-02T00:00:00Z)                      ¦ 7  ¦ expected an RFC 3339 time such as 2024-05-01T12:00:00Z, found ','
      _time:[2300-01-01T00:00:00Z, 2301-01-01T00:00:00Z)  ¦ 7  ¦ time out of range
      ""*                     ¦ 2  ¦ empty prefix
      level:""*               ¦ 8  ¦ empty prefix
      ~foo                    ¦ 1  ¦ expected a quoted regex right after '~'
      level:~"a("             ¦ 7  ¦ bad regex at position 7
      ~"[x"                   ¦ 1  ¦ bad regex
      level:~ "x"             ¦ 7  ¦ found whitespace
      level:= x               ¦ 7  ¦ found whitespace
      level:=                 ¦ 7  ¦ found end of query
      level:=(x)              ¦ 7  ¦ expected the exact value right after 'level:='
      status:>=abc            ¦ 9  ¦ bad number at position 9
      status:>1.              ¦ 8  ¦ bad number
      status:> 5              ¦ 8  ¦ found whitespace
      status:>                ¦ 8  ¦ found end of query
      status:[500, 400]       ¦ 13 ¦ empty range
      status:(500, 500]       ¦ 13 ¦ empty range
      status:[500, "x"]       ¦ 13 ¦ mixed range
      status:[500 600]        ¦ 12 ¦ expected ',' between the two bounds
      status:[500, 600        ¦ 16 ¦ expected ']' or ')' to close the range
      status:[a, b]           ¦ 8  ¦ bad number
      status:!5               ¦ 7  ¦ the operators after ':' are
      status:-5               ¦ 7  ¦ found '-'
      ip:ip(10.0.0.0/33)      ¦ 6  ¦ bad IP network
      ip:ip(300.1.1.1)        ¦ 6  ¦ bad IP network
      ip:ip(1::2::3)          ¦ 6  ¦ bad IP network
      ip:ip(10.0.0.1          ¦ 14 ¦ expected ')' to close 'ip('
      ip:ip()                 ¦ 6  ¦ expected an IP address or network
      _time:5x                ¦ 6  ¦ durations are a number and one of ms, s, m, h, d, w
      _time:0m                ¦ 6  ¦ durations are
      _time:5                 ¦ 6  ¦ durations are
      _stream:{service="a"    ¦ 20 ¦ expected ',' or '}' after a label matcher, found end of query
      _stream:{service:"a"}   ¦ 16 ¦ one of = != =~ !~
      _stream:{service=a}     ¦ 17 ¦ a quoted label value
      _stream:{service=~"("}  ¦ 18 ¦ bad regex
      _stream:{=~"x"}         ¦ 9  ¦ a label name
      _stream:{a="b",}        ¦ 15 ¦ a label name
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
  void buildsTheFiltersOfEachFamily() {
    assertThat(filter("err*")).isEqualTo(new FilterPrefix(FieldNames.MESSAGE, "err"));
    assertThat(filter("level:~\"^e\"")).isEqualTo(new FilterRegex("level", "^e"));
    assertThat(filter("level:=\"a b\"")).isEqualTo(new FilterExact("level", "a b"));
    assertThat(filter("status:>=500"))
        .isEqualTo(FilterRange.greaterThan("status", FilterRange.Kind.NUMBER, "500", true));
    assertThat(filter("status:(1, 2]"))
        .isEqualTo(new FilterRange("status", FilterRange.Kind.NUMBER, "1", false, "2", true));
    assertThat(filter("name:<\"m\""))
        .isEqualTo(FilterRange.lessThan("name", FilterRange.Kind.STRING, "m", false));
    assertThat(filter("ip:ip(10.0.0.0/8)")).isEqualTo(new FilterIp("ip", "10.0.0.0/8"));
    assertThat(filter("trace_id:*")).isEqualTo(new FilterExists("trace_id"));
    assertThat(filter("_time:5m")).isEqualTo(new FilterTimeRelative("5m"));
    assertThat(filter("_stream:{service=\"api\",host=~\"web-.*\"}"))
        .isEqualTo(
            new FilterStream(
                List.of(
                    new LabelMatcher("service", Operator.EQUAL, "api"),
                    new LabelMatcher("host", Operator.MATCHES, "web-.*"))));
  }

  @Test
  void neverReadsTheClock() {
    // The same text gives equal queries whenever it is parsed: "now" is the executor's business.
    assertThat(filter("_time:5m")).isEqualTo(filter("_time:5m"));
    assertThat(((FilterTimeRelative) filter("_time:5m")).nanos()).isEqualTo(300_000_000_000L);
  }

  private static Filter filter(String text) {
    return QueryParser.parse(text).filter();
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
