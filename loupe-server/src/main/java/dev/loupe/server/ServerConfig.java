package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.query.QueryLimits;
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
 * @param queryTimeout how long a search, stats query or export may run before it fails with {@code
 *     LIMIT_EXCEEDED}; zero or more
 * @param kafka the Kafka source; {@link KafkaSourceConfig#disabled()} by default
 */
public record ServerConfig(
    String host,
    int port,
    StorageConfig storage,
    IngestLimits ingestLimits,
    int queryThreads,
    Duration queryTimeout,
    KafkaSourceConfig kafka) {
  /** The documented default port of {@code loupe serve}. */
  public static final int DEFAULT_PORT = 9280;

  public ServerConfig {
    requireNonNull(host, "host is null");
    requireNonNull(storage, "storage is null");
    requireNonNull(ingestLimits, "ingestLimits is null");
    requireNonNull(queryTimeout, "queryTimeout is null");
    requireNonNull(kafka, "kafka is null");
    if (queryTimeout.isNegative()) {
      throw new IllegalArgumentException("queryTimeout must not be negative: " + queryTimeout);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (queryThreads < 1) {
      throw new IllegalArgumentException("queryThreads must be positive: " + queryThreads);
    }
  }

  /** Without the Kafka source. */
  public ServerConfig(
      String host,
      int port,
      StorageConfig storage,
      IngestLimits ingestLimits,
      int queryThreads,
      Duration queryTimeout) {
    this(
        host,
        port,
        storage,
        ingestLimits,
        queryThreads,
        queryTimeout,
        KafkaSourceConfig.disabled());
  }

  /** With the default query timeout, {@link QueryLimits#DEFAULT_QUERY_TIMEOUT}. */
  public ServerConfig(
      String host, int port, StorageConfig storage, IngestLimits ingestLimits, int queryThreads) {
    this(host, port, storage, ingestLimits, queryThreads, QueryLimits.DEFAULT_QUERY_TIMEOUT);
  }

  /** This config with another query timeout. */
  public ServerConfig withQueryTimeout(Duration timeout) {
    return new ServerConfig(host, port, storage, ingestLimits, queryThreads, timeout, kafka);
  }

  /** This config with another Kafka source. */
  public ServerConfig withKafka(KafkaSourceConfig newKafka) {
    return new ServerConfig(
        host, port, storage, ingestLimits, queryThreads, queryTimeout, newKafka);
  }
}
