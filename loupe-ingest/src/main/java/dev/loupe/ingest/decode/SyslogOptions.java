package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestParameters;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How syslog messages become records.
 *
 * @param tenant the tenant of every record
 * @param streamFields fields of the record whose values become stream labels when present ({@code
 *     host}, {@code appname}, {@code facility}, an {@code sd.*} field, ...)
 * @param staticLabels labels every record gets, also stored as fields so that {@code source:syslog}
 *     finds them as it finds any label; their names must not be those of the decoder's own fields
 * @param timeZone the zone of RFC 3164 timestamps, which carry none
 */
public record SyslogOptions(
    String tenant, List<String> streamFields, Map<String, String> staticLabels, ZoneId timeZone) {

  /** Where a line comes from, with few distinct values: a stream per program and host. */
  public static final List<String> DEFAULT_STREAM_FIELDS =
      List.of(DecoderSyslog.FIELD_HOST, DecoderSyslog.FIELD_APP_NAME);

  /** Tells syslog records apart from those of other protocols. */
  public static final Map<String, String> DEFAULT_STATIC_LABELS = Map.of("source", "syslog");

  public SyslogOptions {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(timeZone, "timeZone is null");
    // The same tenant and field-name rules as every ingest request.
    new IngestParameters(
        tenant,
        streamFields,
        IngestParameters.DEFAULT_TIME_FIELDS,
        IngestParameters.DEFAULT_MESSAGE_FIELDS,
        0);
    streamFields = List.copyOf(streamFields);
    staticLabels = checkStaticLabels(staticLabels);
  }

  /** The default tenant, stream fields and labels; RFC 3164 times in the JVM's default zone. */
  public static SyslogOptions defaults() {
    return new SyslogOptions(
        Stream.DEFAULT_TENANT,
        DEFAULT_STREAM_FIELDS,
        DEFAULT_STATIC_LABELS,
        ZoneId.systemDefault());
  }

  public SyslogOptions withTenant(String newTenant) {
    return new SyslogOptions(newTenant, streamFields, staticLabels, timeZone);
  }

  public SyslogOptions withStreamFields(List<String> newStreamFields) {
    return new SyslogOptions(tenant, newStreamFields, staticLabels, timeZone);
  }

  public SyslogOptions withStaticLabels(Map<String, String> newStaticLabels) {
    return new SyslogOptions(tenant, streamFields, newStaticLabels, timeZone);
  }

  public SyslogOptions withTimeZone(ZoneId newTimeZone) {
    return new SyslogOptions(tenant, streamFields, staticLabels, newTimeZone);
  }

  private static Map<String, String> checkStaticLabels(Map<String, String> labels) {
    requireNonNull(labels, "staticLabels is null");
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = requireNonNull(label.getKey(), "static label name is null");
      String value = requireNonNull(label.getValue(), "static label value is null");
      if (name.isEmpty() || FieldNames.isDerived(name) || DecoderSyslog.isOwnFieldName(name)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "static label name \""
                + name
                + "\" is empty or taken by a syslog field; choose another, such as source");
      }
      copy.put(name, value);
    }
    return Collections.unmodifiableMap(copy);
  }
}
