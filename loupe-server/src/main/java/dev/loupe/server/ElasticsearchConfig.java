package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Settings of the Elasticsearch-compatible API ({@code /insert/elasticsearch/...}).
 *
 * @param version the Elasticsearch version {@code GET /} reports. Shippers read it to choose their
 *     request format and to check compatibility: Filebeat refuses a server older than itself
 *     (unless {@code allow_older_versions}), Logstash needs 7.14 or later for the product header
 *     check it does, Vector takes the major version as its API version. {@link #DEFAULT_VERSION}
 *     suits every 8.x shipper; Filebeat 9 wants 9.x.
 */
public record ElasticsearchConfig(String version) {
  /** The last 8.x minor: newer than every Filebeat 8, the API every 8.x shipper speaks. */
  public static final String DEFAULT_VERSION = "8.19.0";

  private static final Pattern VERSION = Pattern.compile("([0-9]{1,3})\\.[0-9]{1,3}\\.[0-9]{1,3}");

  /** Shippers of today check for 7.x at least (Logstash 7.14 or later for its product check). */
  private static final int MIN_MAJOR = 7;

  public ElasticsearchConfig {
    requireNonNull(version, "version is null");
    var matcher = VERSION.matcher(version);
    if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < MIN_MAJOR) {
      throw new IllegalArgumentException(
          "elasticsearch version must be MAJOR.MINOR.PATCH with a major of "
              + MIN_MAJOR
              + " or more, like "
              + DEFAULT_VERSION
              + ": "
              + version);
    }
  }

  public static ElasticsearchConfig defaults() {
    return new ElasticsearchConfig(DEFAULT_VERSION);
  }

  /** The major version, which Vector and Logstash use to pick their request format. */
  int major() {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }
}
