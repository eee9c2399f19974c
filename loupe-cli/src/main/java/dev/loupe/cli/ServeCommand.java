package dev.loupe.cli;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.decode.SyslogOptions;
import dev.loupe.ingest.otlp.OtlpStreamLabels;
import dev.loupe.query.QuerySettings;
import dev.loupe.server.ElasticsearchConfig;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.OtlpConfig;
import dev.loupe.server.ServerConfig;
import dev.loupe.server.SyslogConfig;
import dev.loupe.server.SyslogSockets;
import dev.loupe.server.kafka.KafkaFormat;
import dev.loupe.server.kafka.KafkaLimits;
import dev.loupe.server.kafka.KafkaSourceConfig;
import dev.loupe.storage.StorageConfig;
import dev.loupe.storage.StorageLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code loupe serve}: the server with its embedded store. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Start the Loupe server: the HTTP API with the embedded store.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(
      names = {"-p", "--port"},
      defaultValue = "" + ServerConfig.DEFAULT_PORT,
      description = "HTTP port of the API (default: ${DEFAULT-VALUE}).")
  int port;

  @picocli.CommandLine.Mixin AnalyticsSettings analytics;

  @Option(
      names = {"-d", "--data"},
      defaultValue = "data",
      description = "Data directory (default: ./${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--retention",
      defaultValue = "0",
      description = "Drop day partitions older than this, e.g. 30d (default: 0 = keep forever).")
  Duration retention;

  @Option(
      names = "--max-disk-mb",
      defaultValue = "0",
      description = "Drop the oldest data above this many MB of parts (default: 0 = no limit).")
  long maxDiskMegabytes;

  @Option(
      names = "--min-free-disk-mb",
      defaultValue = "256",
      description =
          "Refuse ingest (HTTP 507) below this much free disk (default: ${DEFAULT-VALUE}).")
  long minFreeDiskMegabytes;

  @Option(
      names = "--flush-interval",
      defaultValue = "1s",
      description = "How often the memtable is written to a part (default: ${DEFAULT-VALUE}).")
  Duration flushInterval;

  @Option(
      names = "--max-body-mb",
      defaultValue = "256",
      description = "Largest ingest body after decompression (default: ${DEFAULT-VALUE}).")
  long maxBodyMegabytes;

  @Option(
      names = "--max-line-kb",
      defaultValue = "1024",
      description = "Longest accepted log line (default: ${DEFAULT-VALUE}).")
  int maxLineKilobytes;

  @Option(
      names = "--max-fields",
      defaultValue = "1000",
      description = "Most fields one record may have (default: ${DEFAULT-VALUE}).")
  int maxFields;

  @Option(
      names = "--multiline-max-lines",
      defaultValue = "1000",
      description =
          "Most lines one multi-line event (a stack trace in plain text) may hold; the next line"
              + " starts a new event, nothing is dropped (default: ${DEFAULT-VALUE}).")
  int multilineMaxLines;

  @Option(
      names = "--multiline-max-kb",
      defaultValue = "1024",
      description =
          "Most kilobytes one multi-line event may hold; the next line starts a new event"
              + " (default: ${DEFAULT-VALUE}).")
  int multilineMaxKilobytes;

  @Option(
      names = "--query-threads",
      description = "Threads that scan blocks in parallel (default: number of cores).")
  Integer queryThreads;

  @Option(
      names = "--virtual-thread-carriers",
      paramLabel = "N",
      description =
          "Platform threads that carry the server's virtual threads (HTTP requests, listeners)."
              + " More than the cores lets a query get a core while ingest requests decode"
              + " (default: 4 a core; -Djdk.virtualThreadScheduler.parallelism wins).")
  Integer virtualThreadCarriers;

  @Option(
      names = "--query-timeout",
      defaultValue = "60s",
      description =
          "Fail a search, stats query or export still running after this long"
              + " (default: ${DEFAULT-VALUE}).")
  Duration queryTimeout;

  @Option(
      names = "--es-version",
      defaultValue = ElasticsearchConfig.DEFAULT_VERSION,
      description =
          "Elasticsearch version the Elasticsearch-compatible API (/insert/elasticsearch)"
              + " reports to shippers. Filebeat refuses a server older than itself: use 9.x for"
              + " Filebeat 9 (default: ${DEFAULT-VALUE}).")
  String esVersion;

  @Option(
      names = "--query-memory-mb",
      defaultValue = "256",
      description =
          "Most memory one query may hold for rows, sorts, context and stats groups; past it the"
              + " query fails saying how to narrow it (default: ${DEFAULT-VALUE}).")
  long queryMemoryMegabytes;

  @Option(
      names = "--query-max-rows",
      defaultValue = "10000",
      description =
          "Largest limit a search accepts, and most rows a sort of search rows holds"
              + " (default: ${DEFAULT-VALUE}); /api/v1/export streams every row regardless.")
  int queryMaxRows;

  @Option(
      names = "--max-tails",
      defaultValue = "256",
      description =
          "Live tails (SSE and WebSocket) open at once; one more is refused with 503"
              + " (default: ${DEFAULT-VALUE}).")
  int maxTails;

  @Option(
      names = "--otlp-grpc-port",
      defaultValue = "0",
      description =
          "Port of the OpenTelemetry OTLP/gRPC logs listener, on --host; the standard port is "
              + OtlpConfig.STANDARD_GRPC_PORT
              + " (default: ${DEFAULT-VALUE} = off; OTLP/HTTP is always on the main port at"
              + " /v1/logs).")
  int otlpGrpcPort;

  @Option(
      names = "--otlp-stream-attributes",
      defaultValue = OtlpStreamLabels.DEFAULT_TEXT,
      description =
          "OTLP resource attributes that become stream labels, as attribute[=label],..."
              + " The first present of several attributes for one label wins; empty for none"
              + " (default: ${DEFAULT-VALUE}).")
  String otlpStreamAttributes;

  @Option(
      names = "--otlp-max-message-mb",
      defaultValue = "16",
      description =
          "Largest OTLP export request after decompression, on HTTP and gRPC"
              + " (default: ${DEFAULT-VALUE}).")
  int otlpMaxMessageMegabytes;

  @Option(
      names = "--otlp-grpc-stop-timeout",
      defaultValue = "5s",
      description =
          "On stop, how long OTLP/gRPC calls in flight may take to finish"
              + " (default: ${DEFAULT-VALUE}).")
  Duration otlpGrpcStopTimeout;

  /** The OTLP settings of the flags; picocli has checked the types, this checks the ranges. */
  OtlpConfig otlpConfig() {
    if (otlpGrpcPort < 0 || otlpGrpcPort > 65535) {
      throw new ParameterException(
          spec.commandLine(),
          "--otlp-grpc-port must be 0 (off) or a port from 1 to 65535: " + otlpGrpcPort);
    }
    if (otlpMaxMessageMegabytes < 1 || otlpMaxMessageMegabytes > 1024) {
      throw new ParameterException(
          spec.commandLine(),
          "--otlp-max-message-mb must be from 1 to 1024: " + otlpMaxMessageMegabytes);
    }
    OtlpStreamLabels labels;
    try {
      labels = OtlpStreamLabels.parse(otlpStreamAttributes);
    } catch (LoupeException invalid) {
      throw new ParameterException(
          spec.commandLine(), "--otlp-stream-attributes: " + invalid.getMessage());
    }
    if (otlpGrpcStopTimeout.isNegative()) {
      throw new ParameterException(
          spec.commandLine(), "--otlp-grpc-stop-timeout must not be negative");
    }
    return new OtlpConfig(otlpGrpcPort, labels, otlpMaxMessageMegabytes << 20, otlpGrpcStopTimeout);
  }

  @Option(
      names = "--syslog-tcp-port",
      defaultValue = "0",
      description =
          "Receive syslog (RFC 5424 and 3164; newline or octet-counted framing) over TCP on this"
              + " port (default: 0 = off; 514 or 601 are usual).")
  int syslogTcpPort;

  @Option(
      names = "--syslog-udp-port",
      defaultValue = "0",
      description = "Receive syslog over UDP on this port (default: 0 = off; 514 is usual).")
  int syslogUdpPort;

  @Option(
      names = "--syslog-tls-port",
      defaultValue = "0",
      description =
          "Receive syslog over TCP with TLS (RFC 5425) on this port; needs --syslog-tls-cert and"
              + " --syslog-tls-key (default: 0 = off; 6514 is usual).")
  int syslogTlsPort;

  @Option(
      names = "--syslog-tls-cert",
      description = "PEM certificate chain of the syslog TLS listener, the server's first.")
  Path syslogTlsCertificate;

  @Option(
      names = "--syslog-tls-key",
      description = "PEM private key (unencrypted PKCS #8) of the syslog TLS listener.")
  Path syslogTlsKey;

  @Option(
      names = "--syslog-max-connections",
      defaultValue = "512",
      description =
          "Most syslog TCP connections open at once, per listener; more are closed at once"
              + " (default: ${DEFAULT-VALUE}).")
  int syslogMaxConnections;

  @Option(
      names = "--syslog-max-message-bytes",
      defaultValue = "65536",
      description =
          "Longer syslog messages are cut to this and marked syslog.truncated"
              + " (default: ${DEFAULT-VALUE}).")
  int syslogMaxMessageBytes;

  @Option(
      names = "--syslog-stream-fields",
      defaultValue = "host,appname",
      description =
          "Fields of syslog records that make up their stream, comma-separated, e.g."
              + " host,appname,facility (default: ${DEFAULT-VALUE}; empty for none).")
  String syslogStreamFields;

  @Option(
      names = "--syslog-labels",
      defaultValue = "source=syslog",
      description =
          "Labels every syslog record gets (in its stream and as fields), comma-separated"
              + " name=value pairs (default: ${DEFAULT-VALUE}; empty for none).")
  String syslogLabels;

  @Option(
      names = "--syslog-tenant",
      defaultValue = "default",
      description = "Tenant of syslog records (default: ${DEFAULT-VALUE}).")
  String syslogTenant;

  @Option(
      names = "--syslog-timezone",
      description =
          "Time zone of RFC 3164 timestamps, which carry none, e.g. UTC or Europe/Berlin"
              + " (default: this machine's zone).")
  String syslogTimeZone;

  @Option(
      names = "--syslog-read-buffer-kb",
      defaultValue = "32",
      description =
          "Kilobytes read from a syslog TCP or TLS connection at a time; each connection holds one"
              + " such buffer (default: ${DEFAULT-VALUE}).")
  int syslogReadBufferKilobytes;

  @Option(
      names = "--syslog-udp-receive-buffer-kb",
      defaultValue = "4096",
      description =
          "Kernel receive buffer asked for the syslog UDP socket, in kilobytes; datagrams that"
              + " arrive while a batch is being stored wait here, the rest are dropped. Linux grants"
              + " at most net.core.rmem_max (default: ${DEFAULT-VALUE}).")
  int syslogUdpReceiveBufferKilobytes;

  @Option(
      names = "--syslog-tls-handshake-timeout",
      defaultValue = "10s",
      description =
          "Close a syslog TLS connection whose client has not finished its handshake after this"
              + " long (default: ${DEFAULT-VALUE}).")
  Duration syslogTlsHandshakeTimeout;

  @Option(
      names = "--syslog-stop-timeout",
      defaultValue = "5s",
      description =
          "On stop, how long each syslog listener may take to store what it has read"
              + " (default: ${DEFAULT-VALUE}).")
  Duration syslogStopTimeout;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Consume logs from this Kafka cluster, with --kafka-topics (default: off). Offsets are"
              + " committed only once the records are stored (see docs/INGEST.md).")
  String kafkaBootstrap = "";

  @Option(
      names = "--kafka-topics",
      split = ",",
      paramLabel = "TOPIC",
      description = "Kafka topics to consume, comma-separated.")
  List<String> kafkaTopics = new ArrayList<>();

  @Option(
      names = "--kafka-group",
      paramLabel = "GROUP",
      defaultValue = KafkaLimits.DEFAULT_GROUP,
      description =
          "Kafka consumer group; its committed offsets say where consumption resumes"
              + " (default: ${DEFAULT-VALUE}).")
  String kafkaGroup;

  @Option(
      names = "--kafka-format",
      paramLabel = "json|text",
      defaultValue = "json",
      converter = KafkaFormatConverter.class,
      description =
          "How a Kafka record value is read: json (JSON lines, one object a line) or text (each"
              + " line a message) (default: ${DEFAULT-VALUE}).")
  KafkaFormat kafkaFormat;

  @Option(
      names = "--kafka-tenant",
      paramLabel = "TENANT",
      defaultValue = "default",
      description = "Tenant of the records consumed from Kafka (default: ${DEFAULT-VALUE}).")
  String kafkaTenant;

  @Option(
      names = "--kafka-stream-fields",
      split = ",",
      paramLabel = "FIELD",
      description =
          "Fields of the JSON lines that join kafka.topic as stream labels, e.g. service,host"
              + " (default: none).")
  List<String> kafkaStreamFields = new ArrayList<>();

  @Option(
      names = "--kafka-partition-label",
      description = "Also make kafka.partition a stream label (default: off).")
  boolean kafkaPartitionLabel;

  @Option(
      names = "--kafka-headers",
      description = "Store each Kafka header as a field kafka.header.<name> (default: off).")
  boolean kafkaHeaders;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka consumer property, repeatable: security.protocol=SASL_SSL,"
              + " sasl.mechanism=SCRAM-SHA-512, ssl.truststore.location=..., auto.offset.reset=latest"
              + " (a new group starts at the earliest record by default).")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--kafka-max-backoff",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Longest wait between retries when the disk is full or the broker fails"
              + " (default: ${DEFAULT-VALUE}).")
  Duration kafkaMaxBackoff;

  @Option(
      names = "--kafka-poll-timeout",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      description =
          "How long a Kafka poll waits when no records come; bounds how stale the lag metric gets on"
              + " an idle topic (default: ${DEFAULT-VALUE}).")
  Duration kafkaPollTimeout;

  @Option(
      names = "--kafka-decode-chunk-mb",
      paramLabel = "MB",
      defaultValue = "4",
      description =
          "Most megabytes of Kafka record values decoded together as one body"
              + " (default: ${DEFAULT-VALUE}).")
  int kafkaDecodeChunkMegabytes;

  @Option(
      names = "--kafka-close-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "On stop, how long the Kafka consumer may take to commit and leave its group"
              + " (default: ${DEFAULT-VALUE}).")
  Duration kafkaCloseTimeout;

  /** Reads {@code json} or {@code text}, with the list of names in the error. */
  static final class KafkaFormatConverter implements ITypeConverter<KafkaFormat> {
    @Override
    public KafkaFormat convert(String value) {
      try {
        return KafkaFormat.parse(value);
      } catch (IllegalArgumentException unknown) {
        throw new TypeConversionException(unknown.getMessage());
      }
    }
  }

  /** Megabytes as bytes; a value that does not fit is left for the setting's own range check. */
  private static int megabytes(int megabytes) {
    long bytes = (long) megabytes << 20;
    return bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE ? -1 : (int) bytes;
  }

  /** The Kafka source as the flags describe it; off without --kafka-bootstrap. */
  KafkaSourceConfig kafkaConfig() {
    if (kafkaBootstrap.isBlank() && !kafkaTopics.isEmpty()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "--kafka-topics needs --kafka-bootstrap: give the Kafka cluster to consume them from");
    }
    return KafkaSourceConfig.disabled()
        .withGroupId(kafkaGroup)
        .withFormat(kafkaFormat)
        .withTenant(kafkaTenant)
        .withStreamFields(kafkaStreamFields)
        .withPartitionLabel(kafkaPartitionLabel)
        .withHeadersAsFields(kafkaHeaders)
        .withProperties(kafkaProperties)
        .withMaxRetryBackoff(kafkaMaxBackoff)
        .withPollTimeout(kafkaPollTimeout)
        .withDecodeChunkBytes(megabytes(kafkaDecodeChunkMegabytes))
        .withCloseTimeout(kafkaCloseTimeout)
        .withBootstrap(kafkaBootstrap, kafkaTopics);
  }

  @Option(
      names = "--max-patterns",
      defaultValue = "" + AnalyticsLimits.DEFAULT_MAX_PATTERNS,
      description =
          "Patterns mined at ingest kept in memory; past it the least recently used is evicted."
              + " 0 turns pattern mining off (no _pattern field) (default: ${DEFAULT-VALUE}).")
  int maxPatterns;

  @Option(
      names = "--new-pattern-warmup",
      defaultValue = "1h",
      description =
          "A pattern first seen this soon after the pattern registry started (its creation, or"
              + " the time of the first line it mined when earlier) is never marked new (default:"
              + " ${DEFAULT-VALUE}).")
  Duration newPatternWarmup;

  /** The pattern mining settings of the flags. */
  PatternConfig patternConfig() {
    if (maxPatterns < 0) {
      throw new ParameterException(
          spec.commandLine(), "--max-patterns must be 0 (off) or more: " + maxPatterns);
    }
    return PatternConfig.defaults()
        .withMaxPatterns(maxPatterns)
        .withNewPatternWarmup(newPatternWarmup);
  }

  @Override
  public Integer call() throws InterruptedException {
    try {
      VirtualThreadCarriers.configure(
          virtualThreadCarriers, Runtime.getRuntime().availableProcessors());
    } catch (IllegalArgumentException invalid) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, invalid.getMessage());
    }
    ElasticsearchConfig elasticsearch = elasticsearchConfig();
    // Helidon logs through java.util.logging: route it to the same SLF4J output as Loupe's own.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    StorageConfig storage =
        StorageConfig.defaults(data)
            .withRetention(retention)
            .withMaxDiskBytes(maxDiskMegabytes << 20)
            .withMinFreeDiskBytes(minFreeDiskMegabytes << 20)
            .withFlushInterval(
                flushInterval.isZero() ? StorageLimits.DEFAULT_FLUSH_INTERVAL : flushInterval);
    IngestLimits limits =
        new IngestLimits(
            maxBodyMegabytes << 20,
            maxLineKilobytes << 10,
            maxFields,
            IngestLimits.defaults().maxFirstErrors(),
            multilineMaxLines,
            multilineMaxKilobytes << 10);
    int threads = queryThreads != null ? queryThreads : Runtime.getRuntime().availableProcessors();
    QuerySettings query = new QuerySettings(queryTimeout, queryMemoryMegabytes << 20, queryMaxRows);
    ServerConfig config =
        new ServerConfig(host, port, storage, limits, threads, query)
            .withMaxTails(maxTails)
            .withOtlp(otlpConfig())
            .withElasticsearch(elasticsearch)
            .withSyslog(syslogConfig())
            .withAnalytics(analytics.config())
            .withKafka(kafkaConfig())
            .withPatterns(patternConfig());
    LoupeServer server = LoupeServer.start(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "loupe-shutdown"));
    System.out.printf(
        "Loupe is ready on http://%s:%d (data in %s). Ctrl-C stops it.%n",
        host, server.port(), data.toAbsolutePath().normalize());
    if (server.otlpGrpcPort() != 0) {
      System.out.printf("OTLP/gRPC logs on %s:%d.%n", host, server.otlpGrpcPort());
    }
    printSyslogPorts(server);
    stopped.await();
    return 0;
  }

  /** The syslog settings of the flags; a bad combination is a BAD_REQUEST naming the flag. */
  SyslogConfig syslogConfig() {
    try {
      return syslogConfigOrThrow();
    } catch (IllegalArgumentException invalid) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "invalid syslog setting: " + invalid.getMessage() + " (see loupe serve --help)",
          invalid);
    }
  }

  private SyslogConfig syslogConfigOrThrow() {
    SyslogOptions options =
        SyslogOptions.defaults()
            .withTenant(syslogTenant)
            .withStreamFields(SyslogSettings.names(syslogStreamFields))
            .withStaticLabels(SyslogSettings.labels(syslogLabels))
            .withTimeZone(
                syslogTimeZone == null
                    ? ZoneId.systemDefault()
                    : SyslogSettings.zone(syslogTimeZone));
    SyslogConfig config =
        SyslogConfig.disabled()
            .withTcpPort(SyslogSettings.port(syslogTcpPort))
            .withUdpPort(SyslogSettings.port(syslogUdpPort))
            .withMaxConnections(syslogMaxConnections)
            .withMaxMessageBytes(syslogMaxMessageBytes)
            .withOptions(options)
            .withSockets(
                SyslogSockets.defaults()
                    .withReadBufferBytes(kilobytes(syslogReadBufferKilobytes))
                    .withUdpReceiveBufferBytes(kilobytes(syslogUdpReceiveBufferKilobytes))
                    .withTlsHandshakeTimeout(syslogTlsHandshakeTimeout)
                    .withStopTimeout(syslogStopTimeout));
    if (syslogTlsPort == 0) {
      return config;
    }
    if (syslogTlsCertificate == null || syslogTlsKey == null) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "--syslog-tls-port needs --syslog-tls-cert and --syslog-tls-key (PEM files)");
    }
    return config.withTls(syslogTlsPort, syslogTlsCertificate, syslogTlsKey);
  }

  /** Kilobytes as bytes; a value that does not fit is left for the setting's own range check. */
  private static int kilobytes(int kilobytes) {
    long bytes = (long) kilobytes << 10;
    return bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE ? -1 : (int) bytes;
  }

  private static void printSyslogPorts(LoupeServer server) {
    if (server.syslogTcpPort() != SyslogConfig.OFF) {
      System.out.printf("Syslog over TCP on port %d.%n", server.syslogTcpPort());
    }
    if (server.syslogTlsPort() != SyslogConfig.OFF) {
      System.out.printf("Syslog over TLS on port %d.%n", server.syslogTlsPort());
    }
    if (server.syslogUdpPort() != SyslogConfig.OFF) {
      System.out.printf("Syslog over UDP on port %d.%n", server.syslogUdpPort());
    }
  }

  private ElasticsearchConfig elasticsearchConfig() {
    try {
      return new ElasticsearchConfig(esVersion);
    } catch (IllegalArgumentException invalid) {
      throw new ParameterException(spec.commandLine(), "--es-version: " + invalid.getMessage());
    }
  }
}
