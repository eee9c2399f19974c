package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How to read the records of one ingest request.
 *
 * @param tenant the tenant every record of the request belongs to
 * @param streamFields the fields whose values form the stream labels; fields missing from a record
 *     (or empty) are left out of its labels, so with none the stream is {@code {}}
 * @param timeFields candidates for {@code _time}: the first one present in a record wins
 * @param messageFields candidates for {@code _msg}: the first one present in a record wins
 * @param receiveTimeNanos when the request arrived, nanoseconds since the epoch; the time of
 *     records that carry none
 * @param multiline how plain-text lines are joined into multi-line events; other formats carry
 *     their own record boundaries and ignore it
 */
public record IngestParameters(
    String tenant,
    List<String> streamFields,
    List<String> timeFields,
    List<String> messageFields,
    long receiveTimeNanos,
    MultilineRule multiline) {

  /** VictoriaLogs' own field first, then those of common JSON loggers and Logstash. */
  public static final List<String> DEFAULT_TIME_FIELDS =
      List.of(FieldNames.TIME, "timestamp", "time", "@timestamp");

  /** VictoriaLogs' own field first, then those of Logstash and common JSON loggers. */
  public static final List<String> DEFAULT_MESSAGE_FIELDS =
      List.of(FieldNames.MESSAGE, "message", "msg");

  // Query parameters have the names VictoriaLogs uses, so that its clients work unchanged. Headers
  // serve clients that cannot set query parameters; a query parameter wins over its header.

  /** Query parameter: comma-separated stream fields. */
  public static final String QUERY_STREAM_FIELDS = "_stream_fields";

  /** Query parameter: comma-separated time fields, replacing the defaults. */
  public static final String QUERY_TIME_FIELD = "_time_field";

  /** Query parameter: comma-separated message fields, replacing the defaults. */
  public static final String QUERY_MESSAGE_FIELD = "_msg_field";

  /** Query parameter: the tenant. */
  public static final String QUERY_TENANT = "tenant";

  /** Header standing in for {@link #QUERY_STREAM_FIELDS}. */
  public static final String HEADER_STREAM_FIELDS = "Loupe-Stream-Fields";

  /** Header standing in for {@link #QUERY_TIME_FIELD}. */
  public static final String HEADER_TIME_FIELD = "Loupe-Time-Field";

  /** Header standing in for {@link #QUERY_MESSAGE_FIELD}. */
  public static final String HEADER_MESSAGE_FIELD = "Loupe-Msg-Field";

  /** Header standing in for {@link #QUERY_TENANT}. */
  public static final String HEADER_TENANT = "Loupe-Tenant";

  /** Query parameter: {@code auto} (the default) or {@code off}; see {@link MultilineRule}. */
  public static final String QUERY_MULTILINE = "_multiline";

  /** Query parameter: a start-of-event regular expression; see {@link MultilineRule}. */
  public static final String QUERY_MULTILINE_START = "_multiline_start";

  /** Header standing in for {@link #QUERY_MULTILINE}. */
  public static final String HEADER_MULTILINE = "Loupe-Multiline";

  /** Header standing in for {@link #QUERY_MULTILINE_START}. */
  public static final String HEADER_MULTILINE_START = "Loupe-Multiline-Start";

  private static final int MAX_TENANT_LENGTH = 64;

  public IngestParameters {
    requireNonNull(tenant, "tenant is null");
    checkTenant(tenant);
    streamFields = checkFieldNames(streamFields, "stream field");
    timeFields = checkFieldNames(timeFields, "time field");
    messageFields = checkFieldNames(messageFields, "message field");
    requireNonNull(multiline, "multiline is null");
  }

  /** With the default multi-line rule, {@link MultilineRule#AUTO}. */
  public IngestParameters(
      String tenant,
      List<String> streamFields,
      List<String> timeFields,
      List<String> messageFields,
      long receiveTimeNanos) {
    this(tenant, streamFields, timeFields, messageFields, receiveTimeNanos, MultilineRule.AUTO);
  }

  /** The default tenant, no stream fields, the default time and message fields. */
  public static IngestParameters defaults(long receiveTimeNanos) {
    return new IngestParameters(
        Stream.DEFAULT_TENANT,
        List.of(),
        DEFAULT_TIME_FIELDS,
        DEFAULT_MESSAGE_FIELDS,
        receiveTimeNanos);
  }

  /**
   * Reads the parameters of an HTTP request. For each setting the query parameter wins, then the
   * header, then the default; a blank value counts as absent. The field settings take a
   * comma-separated list ({@code _stream_fields=service,host}); for time and message fields the
   * list replaces the defaults, in the order given. {@code _multiline} takes {@code auto} or {@code
   * off}; {@code _multiline_start} takes a regular expression and turns the start-pattern rule on
   * (giving it with {@code _multiline=off} is an error).
   *
   * @param queryParameter the value of a query parameter by name, or null when absent
   * @param header the value of a header by name (case-insensitively), or null when absent
   * @throws LoupeException BAD_REQUEST for an invalid tenant or multi-line setting
   */
  public static IngestParameters fromRequest(
      Function<String, String> queryParameter,
      Function<String, String> header,
      long receiveTimeNanos) {
    requireNonNull(queryParameter, "queryParameter is null");
    requireNonNull(header, "header is null");
    String tenant = firstPresent(queryParameter.apply(QUERY_TENANT), header.apply(HEADER_TENANT));
    String streamFields =
        firstPresent(queryParameter.apply(QUERY_STREAM_FIELDS), header.apply(HEADER_STREAM_FIELDS));
    String timeFields =
        firstPresent(queryParameter.apply(QUERY_TIME_FIELD), header.apply(HEADER_TIME_FIELD));
    String messageFields =
        firstPresent(queryParameter.apply(QUERY_MESSAGE_FIELD), header.apply(HEADER_MESSAGE_FIELD));
    String multilineMode =
        firstPresent(queryParameter.apply(QUERY_MULTILINE), header.apply(HEADER_MULTILINE));
    String multilineStart =
        firstPresent(
            queryParameter.apply(QUERY_MULTILINE_START), header.apply(HEADER_MULTILINE_START));
    return new IngestParameters(
        tenant == null ? Stream.DEFAULT_TENANT : tenant.strip(),
        streamFields == null ? List.of() : splitNames(streamFields),
        timeFields == null ? DEFAULT_TIME_FIELDS : splitNames(timeFields),
        messageFields == null ? DEFAULT_MESSAGE_FIELDS : splitNames(messageFields),
        receiveTimeNanos,
        multilineRule(multilineMode, multilineStart));
  }

  /** The pattern is not stripped: leading spaces may be what it matches. */
  private static MultilineRule multilineRule(String mode, String startPattern) {
    MultilineRule fromMode = mode == null ? MultilineRule.AUTO : MultilineRule.parse(mode);
    if (fromMode.mode() == MultilineRule.Mode.START_PATTERN) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          QUERY_MULTILINE
              + " takes auto or off; give the start-of-event pattern in "
              + QUERY_MULTILINE_START);
    }
    if (startPattern == null) {
      return fromMode;
    }
    if (fromMode == MultilineRule.OFF) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          QUERY_MULTILINE
              + "=off and "
              + QUERY_MULTILINE_START
              + " contradict each other; give one of them");
    }
    return MultilineRule.startPattern(startPattern);
  }

  public IngestParameters withTenant(String newTenant) {
    return new IngestParameters(
        newTenant, streamFields, timeFields, messageFields, receiveTimeNanos, multiline);
  }

  public IngestParameters withStreamFields(List<String> newStreamFields) {
    return new IngestParameters(
        tenant, newStreamFields, timeFields, messageFields, receiveTimeNanos, multiline);
  }

  public IngestParameters withTimeFields(List<String> newTimeFields) {
    return new IngestParameters(
        tenant, streamFields, newTimeFields, messageFields, receiveTimeNanos, multiline);
  }

  public IngestParameters withMessageFields(List<String> newMessageFields) {
    return new IngestParameters(
        tenant, streamFields, timeFields, newMessageFields, receiveTimeNanos, multiline);
  }

  public IngestParameters withMultiline(MultilineRule newMultiline) {
    return new IngestParameters(
        tenant, streamFields, timeFields, messageFields, receiveTimeNanos, newMultiline);
  }

  private static String firstPresent(String fromQuery, String fromHeader) {
    if (fromQuery != null && !fromQuery.isBlank()) {
      return fromQuery;
    }
    if (fromHeader != null && !fromHeader.isBlank()) {
      return fromHeader;
    }
    return null;
  }

  /** {@code " a, b,,c "} gives {@code [a, b, c]}: clients build these lists by hand. */
  private static List<String> splitNames(String commaSeparated) {
    List<String> names = new ArrayList<>();
    for (String part : commaSeparated.split(",")) {
      String name = part.strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Tenants end up in stream ids, logs, metric labels and perhaps one day in paths: a narrow
   * alphabet keeps them safe everywhere without escaping.
   */
  private static void checkTenant(String tenant) {
    boolean validLength = !tenant.isEmpty() && tenant.length() <= MAX_TENANT_LENGTH;
    if (validLength && tenant.chars().allMatch(IngestParameters::isTenantChar)) {
      return;
    }
    throw new LoupeException(
        ErrorCode.BAD_REQUEST,
        "invalid tenant \""
            + truncate(tenant)
            + "\": use 1 to "
            + MAX_TENANT_LENGTH
            + " letters, digits, '_', '-' or '.'");
  }

  private static boolean isTenantChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.';
  }

  private static List<String> checkFieldNames(List<String> names, String what) {
    List<String> copy = List.copyOf(requireNonNull(names, what + "s are null"));
    for (String name : copy) {
      if (name.isEmpty()) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST, "empty " + what + " name: give a field name such as service");
      }
    }
    return copy;
  }

  private static String truncate(String value) {
    int max = Limits.MAX_VALUE_CHARS_IN_ERROR;
    return value.length() <= max ? value : value.substring(0, max) + "...";
  }
}
