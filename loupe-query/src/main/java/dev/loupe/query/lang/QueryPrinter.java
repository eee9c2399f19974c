package dev.loupe.query.lang;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Timestamps;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterNot;
import dev.loupe.query.filter.FilterOr;
import dev.loupe.query.filter.FilterPhrase;
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterWord;
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
    return text.toString();
  }

  private static void append(StringBuilder text, Filter filter, Position position) {
    switch (filter) {
      case FilterAll all -> text.append('*');
      case FilterWord word -> appendFieldText(text, word.field(), word.word(), true);
      case FilterPhrase phrase -> appendFieldText(text, phrase.field(), phrase.phrase(), false);
      case FilterTime time -> appendTime(text, time);
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
