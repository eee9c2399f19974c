package dev.loupe.ingest.otlp;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which OpenTelemetry resource attributes become stream labels, and under which label name.
 *
 * <p>Written as a comma-separated list of {@code attribute} or {@code attribute=label} entries (the
 * {@code --otlp-stream-attributes} flag): {@code service.name=service,host.name=host}. An entry
 * without {@code =label} keeps the attribute's name as the label name. When several attributes map
 * to one label, the first of them that a resource has wins, so {@code
 * deployment.environment.name=env,deployment.environment=env} reads the current semantic convention
 * first and the older name second.
 *
 * @param entries in order of preference
 */
public record OtlpStreamLabels(List<Entry> entries) {
  /**
   * The default: what names a service instance's stream in most setups (service, namespace,
   * environment, host), with short label names as the other sources of Loupe use ({@code service},
   * {@code host}). Resource attributes that change per process ({@code service.instance.id}, {@code
   * process.pid}) are left out: each value would be a stream of its own.
   */
  public static final String DEFAULT_TEXT =
      "service.name=service,service.namespace=namespace,deployment.environment.name=env,"
          + "deployment.environment=env,host.name=host";

  /** One resource attribute and the stream label it becomes. */
  public record Entry(String attribute, String label) {
    public Entry {
      requireNonNull(attribute, "attribute is null");
      requireNonNull(label, "label is null");
    }
  }

  public OtlpStreamLabels {
    entries = List.copyOf(requireNonNull(entries, "entries is null"));
  }

  public static OtlpStreamLabels defaults() {
    return parse(DEFAULT_TEXT);
  }

  /** No labels: every record of a tenant goes to the stream {@code {}}. */
  public static OtlpStreamLabels none() {
    return new OtlpStreamLabels(List.of());
  }

  /**
   * Reads {@code attribute[=label],...}; blanks around names and empty entries are ignored, so an
   * empty text means no labels.
   *
   * @throws LoupeException BAD_REQUEST for an entry with an empty name or a label named like a
   *     field Loupe derives ({@code _msg}, {@code _time}, ...)
   */
  public static OtlpStreamLabels parse(String text) {
    requireNonNull(text, "text is null");
    List<Entry> entries = new ArrayList<>();
    for (String part : text.split(",")) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String attribute = (equals < 0 ? entry : entry.substring(0, equals)).strip();
      String label = (equals < 0 ? entry : entry.substring(equals + 1)).strip();
      if (attribute.isEmpty() || label.isEmpty()) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "invalid stream attribute entry \""
                + entry
                + "\": write attribute or attribute=label, e.g. service.name=service");
      }
      if (FieldNames.isDerived(label)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "stream label \"" + label + "\" is a name Loupe derives itself: choose another label");
      }
      entries.add(new Entry(attribute, label));
    }
    return new OtlpStreamLabels(entries);
  }

  /** Back to the text {@link #parse} reads; {@code attribute} alone where the names are equal. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (Entry entry : entries) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(entry.attribute());
      if (!entry.label().equals(entry.attribute())) {
        text.append('=').append(entry.label());
      }
    }
    return text.toString();
  }
}
