package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.QuerySettings;
import dev.loupe.server.kafka.KafkaSourceConfig;
import dev.loupe.storage.StorageConfig;
import java.time.Duration;

/**
 * Everything {@code loupe serve} can be told.
 *
 * @param host address to bind; loopback by default so a laptop never exposes its logs
 * @param port TCP port; 0 picks a free one (tests)
 * @param storage storage settings, including the data directory
 * @param ingestLimits body, line and field limits of ingest requests
 * @param queryThreads threads that scan blocks in parallel
 * @param query what one query may cost: timeout, memory budget, most rows ({@link QuerySettings})
 * @param maxTails live tails (SSE and WebSocket) open at once; one more is refused with 503
 * @param otlp OpenTelemetry logs ingest: the gRPC listener (off by default), stream labels, size
 * @param elasticsearch settings of the Elasticsearch-compatible API
 * @param syslog the syslog listeners (off unless a port is set)
 * @param analytics log-derived metrics and alerts ({@link AnalyticsConfig})
 * @param kafka the Kafka source; {@link KafkaSourceConfig#disabled()} by default
 * @param patterns pattern mining at ingest ({@code _pattern} on every record, the registry, {@code
 *     /api/v1/patterns}); {@link PatternConfig#disabled()} turns it off
 */
public record ServerConfig(
    String host,
    int port,
    StorageConfig storage,
    IngestLimits ingestLimits,
    int queryThreads,
    QuerySettings query,
    int maxTails,
    OtlpConfig otlp,
    ElasticsearchConfig elasticsearch,
    SyslogConfig syslog,
    AnalyticsConfig analytics,
    KafkaSourceConfig kafka,
    PatternConfig patterns) {
  /** The documented default port of {@code loupe serve}. */
  public static final int DEFAULT_PORT = 9280;

  public ServerConfig {
    requireNonNull(host, "host is null");
    requireNonNull(storage, "storage is null");
    requireNonNull(ingestLimits, "ingestLimits is null");
    requireNonNull(query, "query is null");
    requireNonNull(otlp, "otlp is null");
    requireNonNull(elasticsearch, "elasticsearch is null");
    requireNonNull(syslog, "syslog is null");
    requireNonNull(analytics, "analytics is null");
    requireNonNull(kafka, "kafka is null");
    requireNonNull(patterns, "patterns is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxTails < 1) {
      throw new IllegalArgumentException("maxTails must be positive: " + maxTails);
    }
    if (queryThreads < 1) {
      throw new IllegalArgumentException("queryThreads must be positive: " + queryThreads);
    }
  }

  /** With the default query settings of {@link QueryLimits}. */
  public ServerConfig(
      String host, int port, StorageConfig storage, IngestLimits ingestLimits, int queryThreads) {
    this(host, port, storage, ingestLimits, queryThreads, QuerySettings.defaults());
  }

  /**
   * With the default cap on live tails and every protocol, source and analytics feature at its
   * default: no OTLP/gRPC, syslog or Kafka listener, no pattern mining ({@link #withPatterns} and
   * the other {@code with} methods turn them on).
   */
  public ServerConfig(
      String host,
      int port,
      StorageConfig storage,
      IngestLimits ingestLimits,
      int queryThreads,
      QuerySettings query) {
    this(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        ServerLimits.DEFAULT_MAX_TAILS,
        OtlpConfig.defaults(),
        ElasticsearchConfig.defaults(),
        SyslogConfig.disabled(),
        AnalyticsConfig.defaults(),
        KafkaSourceConfig.disabled(),
        PatternConfig.disabled());
  }

  /** This config with another query timeout. */
  public ServerConfig withQueryTimeout(Duration timeout) {
    return withQuery(query.withTimeout(timeout));
  }

  /** This config with other query settings. */
  public ServerConfig withQuery(QuerySettings settings) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        settings,
        maxTails,
        otlp,
        elasticsearch,
        syslog,
        analytics,
        kafka,
        patterns);
  }

  /** This config with another cap on live tails. */
  public ServerConfig withMaxTails(int tails) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        tails,
        otlp,
        elasticsearch,
        syslog,
        analytics,
        kafka,
        patterns);
  }

  /** This config with other OTLP settings. */
  public ServerConfig withOtlp(OtlpConfig newOtlp) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        maxTails,
        newOtlp,
        elasticsearch,
        syslog,
        analytics,
        kafka,
        patterns);
  }

  /** This config with other Elasticsearch API settings. */
  public ServerConfig withElasticsearch(ElasticsearchConfig settings) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        maxTails,
        otlp,
        settings,
        syslog,
        analytics,
        kafka,
        patterns);
  }

  /** This config with other syslog listeners. */
  public ServerConfig withSyslog(SyslogConfig newSyslog) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        maxTails,
        otlp,
        elasticsearch,
        newSyslog,
        analytics,
        kafka,
        patterns);
  }

  /** This config with other metrics and alerts settings. */
  public ServerConfig withAnalytics(AnalyticsConfig settings) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        maxTails,
        otlp,
        elasticsearch,
        syslog,
        settings,
        kafka,
        patterns);
  }

  /** This config with another Kafka source. */
  public ServerConfig withKafka(KafkaSourceConfig newKafka) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        maxTails,
        otlp,
        elasticsearch,
        syslog,
        analytics,
        newKafka,
        patterns);
  }

  /** This config with other pattern mining settings. */
  public ServerConfig withPatterns(PatternConfig newPatterns) {
    return new ServerConfig(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        query,
        maxTails,
        otlp,
        elasticsearch,
        syslog,
        analytics,
        kafka,
        newPatterns);
  }
}
