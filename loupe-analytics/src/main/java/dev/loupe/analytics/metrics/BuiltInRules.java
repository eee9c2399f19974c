package dev.loupe.analytics.metrics;

import java.util.List;

/**
 * The rules a new user sees without configuring anything: lines by level per service, HTTP requests
 * by method and status (the fields the access-log decoder writes), and errors by service. A rule of
 * the same name from the API or the rules file replaces one of these.
 */
public final class BuiltInRules {
  public static final String LINES_BY_LEVEL = "loupe_lines_by_level";
  public static final String HTTP_REQUESTS = "loupe_http_requests";
  public static final String ERRORS_BY_SERVICE = "loupe_errors_by_service";

  private BuiltInRules() {}

  public static List<MetricRule> all() {
    return List.of(
        new MetricRule(
            LINES_BY_LEVEL,
            "*",
            "count",
            null,
            List.of("service", "level"),
            "10s",
            null,
            "log lines by level per service"),
        new MetricRule(
            HTTP_REQUESTS,
            "method:* status:*",
            "count",
            null,
            List.of("method", "status"),
            "10s",
            null,
            "HTTP requests by method and status, from access logs"),
        new MetricRule(
            ERRORS_BY_SERVICE,
            "level:error OR level:fatal",
            "count",
            null,
            List.of("service"),
            "10s",
            null,
            "error and fatal lines per service; divided by the window, the error rate"));
  }
}
