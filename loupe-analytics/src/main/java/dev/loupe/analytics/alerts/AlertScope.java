package dev.loupe.analytics.alerts;

import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterExact;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Narrows a rule's query to one alert instance, and names its labels. The scoped query is the
 * rule's filter ANDed with {@code field:="value"} for each group value (exact and case-sensitive,
 * as {@code stats by} groups; {@code field:=""} for lines without the field, which group with the
 * empty value), printed in canonical form, so evidence, top patterns and the explore link show
 * exactly the instance's lines. Stateless.
 */
public final class AlertScope {
  private AlertScope() {}

  /** {@code query} narrowed to the lines of {@code group} (field to value); the query if empty. */
  public static String query(String query, Map<String, String> group) {
    if (group.isEmpty()) {
      return query;
    }
    Filter filter = QueryParser.parse(query).filter();
    List<Filter> parts = new ArrayList<>();
    if (!(filter instanceof FilterAll)) {
      parts.add(filter);
    }
    for (Map.Entry<String, String> value : group.entrySet()) {
      parts.add(new FilterExact(value.getKey(), value.getValue()));
    }
    Filter scoped = parts.size() == 1 ? parts.get(0) : new FilterAnd(parts);
    return new Query(scoped).toString();
  }

  /**
   * The label name of a group field, as Prometheus and Alertmanager accept label names ({@code
   * [a-zA-Z_][a-zA-Z0-9_]*}, names starting {@code __} reserved): other characters become {@code _}
   * ({@code http.status} is {@code http_status}) and leading underscores go ({@code _pattern} is
   * {@code pattern}, {@code _stream} is {@code stream}).
   */
  public static String labelName(String field) {
    StringBuilder label = new StringBuilder(field.length());
    for (int index = 0; index < field.length(); index++) {
      char character = field.charAt(index);
      boolean valid = character < 128 && (Character.isLetterOrDigit(character) || character == '_');
      label.append(valid ? character : '_');
    }
    int start = 0;
    while (start < label.length() && label.charAt(start) == '_') {
      start++;
    }
    String name = label.substring(start);
    if (name.isEmpty()) {
      return "field";
    }
    return Character.isDigit(name.charAt(0)) ? "f_" + name : name;
  }
}
