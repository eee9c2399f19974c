package dev.loupe.query.lang;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Timestamps;
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
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.filter.FilterWord;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeContext;
import dev.loupe.query.pipe.PipeExtractRegexp;
import dev.loupe.query.pipe.PipeFields;
import dev.loupe.query.pipe.PipeHead;
import dev.loupe.query.pipe.PipeMath;
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
import java.util.List;

/**
 * Prints a {@link Query} in canonical form: conjunction by juxtaposition ({@code a b}), {@code OR}
 * in upper case, negation as {@code -}, parentheses only where precedence needs them, {@code _msg:}
 * left out, words bare and phrases quoted as they were written, times in UTC. The switch is
 * exhaustive over the sealed {@link Filter}, so a new filter kind does not compile until it is
 * printed here.
 */
final class QueryPrinter {

  /** Where a filter is printed, which decides whether it needs parentheses. */
  private enum Position {
    TOP,
    OR_CHILD,
    AND_CHILD,
    NEGATED
  }

  private QueryPrinter() {}

  static String print(Query query) {
    StringBuilder text = new StringBuilder();
    append(text, query.filter(), Position.TOP);
    for (Pipe pipe : query.pipes()) {
      text.append(" | ");
      appendPipe(text, pipe);
    }
    return text.toString();
  }

  private static void appendPipe(StringBuilder text, Pipe pipe) {
    switch (pipe) {
      case PipeFields fields ->
          text.append("fields ")
              .append(String.join(", ", fields.fields().stream().map(QueryPrinter::name).toList()));
      case PipeHead head -> text.append("head ").append(head.count());
      case PipePatterns patterns -> text.append("patterns");
      case PipeContext context -> appendContext(text, context);
      case PipeStats stats -> appendStats(text, stats);
      case PipeSort sort -> appendSort(text, sort);
      case PipeTop top ->
          text.append("top ").append(top.count()).append(' ').append(name(top.field()));
      case PipeRename rename -> {
        text.append("rename ");
        String separator = "";
        for (PipeRename.Rename each : rename.renames()) {
          text.append(separator).append(name(each.from())).append(" as ").append(name(each.to()));
          separator = ", ";
        }
      }
      case PipeUniq uniq ->
          text.append("uniq by (")
              .append(String.join(", ", uniq.fields().stream().map(QueryPrinter::name).toList()))
              .append(')');
      case PipeExtractRegexp extract ->
          appendExtraction(text, "extract_regexp", extract.regex(), extract.from());
      case PipeParse parse -> appendExtraction(text, "parse", parse.pattern(), parse.from());
      case PipeUnpackJson json -> appendFrom(text.append("unpack_json"), json.from());
      case PipeUnpackLogfmt logfmt -> appendFrom(text.append("unpack_logfmt"), logfmt.from());
      case PipeMath math -> appendMath(text, math);
      case PipeWhere where -> {
        text.append("where ");
        append(text, where.filter(), Position.TOP);
      }
    }
  }

  /** {@code before} unless it is 0 and {@code after} is not; {@code after} unless it is 0. */
  private static void appendContext(StringBuilder text, PipeContext context) {
    text.append("context");
    if (context.before() > 0 || context.after() == 0) {
      text.append(" before ").append(context.before());
    }
    if (context.after() > 0) {
      text.append(" after ").append(context.after());
    }
  }

  private static void appendExtraction(
      StringBuilder text, String pipe, String pattern, String from) {
    appendFrom(text.append(pipe).append(' ').append(QuerySyntax.quote(pattern)), from);
  }

  /** {@code from field}, left out for {@code _msg}. */
  private static void appendFrom(StringBuilder text, String from) {
    if (!from.equals(FieldNames.MESSAGE)) {
      text.append(" from ").append(name(from));
    }
  }

  private static void appendMath(StringBuilder text, PipeMath math) {
    text.append("math ");
    String separator = "";
    for (PipeMath.Assignment assignment : math.assignments()) {
      text.append(separator).append(mathName(assignment.field())).append(" = ");
      appendExpression(text, assignment.expression());
      separator = ", ";
    }
  }

  /**
   * Parentheses only where precedence needs them: around a left operand that binds looser, and
   * around a right operand that binds no tighter (so {@code a - (b - c)} keeps its grouping).
   */
  private static void appendExpression(StringBuilder text, PipeMath.Expression expression) {
    switch (expression) {
      case PipeMath.Literal literal -> text.append(literal.text());
      case PipeMath.FieldValue field -> text.append(mathName(field.field()));
      case PipeMath.Operation operation -> {
        appendOperand(
            text, operation.left(), operation.precedence() > precedence(operation.left()));
        text.append(' ').append(operation.operator()).append(' ');
        appendOperand(
            text, operation.right(), operation.precedence() >= precedence(operation.right()));
      }
    }
  }

  private static void appendOperand(
      StringBuilder text, PipeMath.Expression operand, boolean parenthesize) {
    if (parenthesize) {
      text.append('(');
    }
    appendExpression(text, operand);
    if (parenthesize) {
      text.append(')');
    }
  }

  private static int precedence(PipeMath.Expression expression) {
    return expression instanceof PipeMath.Operation operation ? operation.precedence() : 3;
  }

  private static String mathName(String field) {
    return MathParser.isName(field) ? field : QuerySyntax.quote(field);
  }

  private static void appendSort(StringBuilder text, PipeSort sort) {
    text.append("sort by (");
    String separator = "";
    for (PipeSort.Key key : sort.keys()) {
      text.append(separator).append(name(key.field())).append(key.descending() ? " desc" : "");
      separator = ", ";
    }
    text.append(')');
  }

  private static void appendStats(StringBuilder text, PipeStats stats) {
    text.append("stats ");
    String separator = "";
    for (PipeStats.Call call : stats.functions()) {
      text.append(separator).append(call.function().print(QueryPrinter::name));
      if (call.alias() != null) {
        text.append(" as ").append(name(call.alias()));
      }
      separator = ", ";
    }
    if (stats.groupBy().isEmpty()) {
      return;
    }
    text.append(" by (");
    separator = "";
    for (PipeStats.GroupBy group : stats.groupBy()) {
      text.append(separator);
      if (group.bin() == null) {
        text.append(name(group.field()));
      } else {
        text.append("bin(")
            .append(name(group.field()))
            .append(", ")
            .append(group.bin())
            .append(')');
      }
      separator = ", ";
    }
    text.append(')');
  }

  /** A field name in a pipe: bare when it lexes back as one word, else quoted. */
  private static String name(String field) {
    return QuerySyntax.isBareWord(field) ? field : QuerySyntax.quote(field);
  }

  private static void append(StringBuilder text, Filter filter, Position position) {
    switch (filter) {
      case FilterAll all -> text.append('*');
      case FilterWord word -> appendFieldText(text, word.field(), word.word(), true);
      case FilterPhrase phrase -> appendFieldText(text, phrase.field(), phrase.phrase(), false);
      case FilterTime time -> appendTime(text, time);
      case FilterTimeRelative relative ->
          text.append(FieldNames.TIME).append(':').append(relative.duration());
      case FilterPrefix prefix -> {
        appendFieldText(text, prefix.field(), prefix.prefix(), true);
        text.append('*');
      }
      case FilterRegex regex -> {
        appendFieldName(text, regex.field(), false);
        text.append('~').append(QuerySyntax.quote(regex.regex()));
      }
      case FilterExact exact -> {
        appendFieldName(text, exact.field(), true);
        text.append('=').append(bareOrQuoted(exact.value()));
      }
      case FilterExists exists -> appendFieldName(text, exists.field(), true).append('*');
      case FilterRange range -> appendRange(text, range);
      case FilterIp ip ->
          appendFieldName(text, ip.field(), true).append("ip(").append(ip.network()).append(')');
      case FilterStream stream -> appendStream(text, stream);
      case FilterNot not -> {
        text.append('-');
        append(text, not.child(), Position.NEGATED);
      }
      case FilterAnd and ->
          appendJoined(
              text,
              and.children(),
              " ",
              Position.AND_CHILD,
              position == Position.AND_CHILD || position == Position.NEGATED);
      case FilterOr or ->
          appendJoined(text, or.children(), " OR ", Position.OR_CHILD, position != Position.TOP);
    }
  }

  private static void appendJoined(
      StringBuilder text,
      List<Filter> children,
      String separator,
      Position childPosition,
      boolean parenthesize) {
    if (parenthesize) {
      text.append('(');
    }
    for (int index = 0; index < children.size(); index++) {
      if (index > 0) {
        text.append(separator);
      }
      append(text, children.get(index), childPosition);
    }
    if (parenthesize) {
      text.append(')');
    }
  }

  /** {@code field:}; left out for {@code _msg} unless {@code always}. */
  private static StringBuilder appendFieldName(StringBuilder text, String field, boolean always) {
    if (always || !field.equals(FieldNames.MESSAGE)) {
      text.append(QuerySyntax.isBareWord(field) ? field : QuerySyntax.quote(field)).append(':');
    }
    return text;
  }

  private static String bareOrQuoted(String value) {
    return QuerySyntax.isBareWord(value) ? value : QuerySyntax.quote(value);
  }

  private static void appendRange(StringBuilder text, FilterRange range) {
    appendFieldName(text, range.field(), true);
    boolean quoted = range.kind() == FilterRange.Kind.STRING;
    String lower =
        range.lower() == null ? null : quoted ? QuerySyntax.quote(range.lower()) : range.lower();
    String upper =
        range.upper() == null ? null : quoted ? QuerySyntax.quote(range.upper()) : range.upper();
    if (upper == null) {
      text.append(range.lowerInclusive() ? ">=" : ">").append(lower);
    } else if (lower == null) {
      text.append(range.upperInclusive() ? "<=" : "<").append(upper);
    } else {
      text.append(range.lowerInclusive() ? '[' : '(')
          .append(lower)
          .append(", ")
          .append(upper)
          .append(range.upperInclusive() ? ']' : ')');
    }
  }

  private static void appendStream(StringBuilder text, FilterStream stream) {
    text.append(FieldNames.STREAM).append(":{");
    boolean first = true;
    for (FilterStream.LabelMatcher matcher : stream.matchers()) {
      if (!first) {
        text.append(',');
      }
      first = false;
      String label = matcher.label();
      text.append(QuerySyntax.isLabelName(label) ? label : QuerySyntax.quote(label))
          .append(matcher.operator().symbol())
          .append(QuerySyntax.quote(matcher.value()));
    }
    text.append('}');
  }

  private static void appendFieldText(
      StringBuilder text, String field, String value, boolean bareIfPossible) {
    if (!field.equals(FieldNames.MESSAGE)) {
      text.append(QuerySyntax.isBareWord(field) ? field : QuerySyntax.quote(field)).append(':');
    }
    // A word that is not a bare word only comes from code, never from the parser: quoting it
    // keeps the text parseable (as the equivalent phrase).
    boolean bare = bareIfPossible && QuerySyntax.isBareWord(value);
    text.append(bare ? value : QuerySyntax.quote(value));
  }

  private static void appendTime(StringBuilder text, FilterTime time) {
    text.append(FieldNames.TIME)
        .append(':')
        .append(time.startInclusive() ? '[' : '(')
        .append(Timestamps.format(time.startNanos()))
        .append(", ")
        .append(Timestamps.format(time.endNanos()))
        .append(time.endInclusive() ? ']' : ')');
  }
}
