package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.analytics.alerts.AlertEvaluator;
import dev.loupe.analytics.alerts.AlertRuleSet;
import dev.loupe.analytics.alerts.Notifier;
import dev.loupe.analytics.alerts.Receiver;
import dev.loupe.analytics.alerts.StorageAlertSource;
import dev.loupe.analytics.dashboards.DashboardStore;
import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricExposition;
import dev.loupe.analytics.metrics.MetricRuleSet;
import dev.loupe.analytics.metrics.MetricStore;
import dev.loupe.analytics.patterns.PatternRegistry;
import dev.loupe.analytics.patterns.PatternReport;
import dev.loupe.analytics.patterns.PatternStage;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestPipeline;
import dev.loupe.ingest.IngestStage;
import dev.loupe.ingest.StageLevels;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.otlp.DecoderOtlpLogs;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.server.kafka.SourceKafka;
import dev.loupe.storage.Storage;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Loupe node: the embedded store and the HTTP API on one port. The one place that wires
 * storage, ingest and query together; nothing else depends on this class but the CLI.
 *
 * <p>Start with {@link #start}, stop with {@link #close} (flushes the memtable to parts).
 */
public final class LoupeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoupeServer.class);

  private final Storage storage;
  private final ExecutorService queryPool;
  private final WebServer webServer;
  private final ServerMetrics metrics;
  private final TailHub tailHub;
  private final IngestPipeline pipeline;
  private final SourceKafka kafka;
  private final SyslogListeners syslog;
  private final ListenerOtlpGrpc otlpGrpc;
  private final PatternRegistry patterns;
  private final MetricStore metricStore;
  private final MetricEngine metricEngine;
  private final MetricRuleSet metricRules;
  private final java.util.concurrent.ScheduledExecutorService analyticsTimer;
  private final AlertEvaluator alertEvaluator;
  private final AlertRuleSet alertRules;

  private LoupeServer(ServerConfig config, InstantSource clock) {
    long started = System.nanoTime();
    // A Kafka setting Kafka's client refuses stops the start before anything is opened.
    if (config.kafka().enabled()) {
      SourceKafka.checkSettings(config.kafka());
    }
    this.storage = Storage.open(config.storage(), clock);
    this.queryPool =
        Executors.newFixedThreadPool(
            config.queryThreads(), Thread.ofPlatform().daemon().name("loupe-query-", 0).factory());
    this.metrics = new ServerMetrics(storage);
    // Opened after the store, which holds the data directory's lock.
    this.patterns =
        config.patterns().enabled()
            ? PatternRegistry.open(config.storage().dataDirectory(), config.patterns(), clock)
            : null;
    // Log-derived metrics: rules evaluated on the append stream, points in <data>/metrics.
    AnalyticsConfig analytics = config.analytics();
    Path dataDirectory = config.storage().dataDirectory();
    this.metricStore = MetricStore.open(dataDirectory, analytics.metricsRetention());
    this.metricRules =
        new MetricRuleSet(
            dataDirectory, analytics.metricsRulesFile(), analytics.builtinMetricRules());
    this.metricEngine =
        MetricEngine.start(
            storage,
            metricStore,
            metricRules.rules(),
            clock,
            new MetricEngine.Settings(analytics.metricsQueueBatches(), analytics.metricsGrace()));
    metricRules.attach(metricEngine);
    metrics.appendix = text -> MetricExposition.append(text, metricEngine);
    this.analyticsTimer =
        Executors.newSingleThreadScheduledExecutor(
            runnable ->
                Thread.ofPlatform().name("loupe-analytics-timer").daemon().unstarted(runnable));
    if (analytics.metricsRulesFile() != null) {
      analyticsTimer.scheduleWithFixedDelay(
          metricRules::reloadIfChanged, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
    MetricsApiHandler metricsApi = new MetricsApiHandler(metricRules, metricEngine, clock);
    QueryExecutor plainExecutor =
        new QueryExecutor(
            queryPool, config.queryThreads(), clock.withZone(ZoneOffset.UTC), config.query());
    QueryExecutor executor =
        patterns == null ? plainExecutor : plainExecutor.withPatternNames(patterns);
    this.alertEvaluator =
        new AlertEvaluator(
            dataDirectory,
            new StorageAlertSource(storage, executor, metricEngine, patterns),
            new Notifier(
                new Notifier.Settings(
                    analytics.receivers().stream().map(Receiver::parse).toList(),
                    List.of("alertname"),
                    analytics.groupWait(),
                    analytics.groupInterval(),
                    analytics.delivery().attempts(),
                    AnalyticsLimits.NOTIFY_BACKOFF,
                    externalUrl(config, config.port()),
                    analytics.delivery().alertmanagerResend())),
            externalUrl(config, config.port()));
    // Alert rules: API rules in <data>/alerts, and the --alert-rules file, re-read when it changes.
    try {
      this.alertRules = new AlertRuleSet(dataDirectory, analytics.alertRulesFile());
      alertRules.attach(alertEvaluator);
    } catch (RuntimeException badRules) {
      closeAnalytics();
      closePatterns();
      storage.close();
      queryPool.shutdownNow();
      throw badRules;
    }
    if (analytics.alertRulesFile() != null) {
      analyticsTimer.scheduleWithFixedDelay(
          alertRules::reloadIfChanged, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
    long alertMillis = analytics.alertInterval().toMillis();
    analyticsTimer.scheduleWithFixedDelay(
        () -> alertEvaluator.evaluate(clock.millis()),
        alertMillis,
        alertMillis,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    AlertsApiHandler alertsApi = new AlertsApiHandler(alertRules, alertEvaluator, clock);
    DashboardsHandler dashboards = new DashboardsHandler(new DashboardStore(dataDirectory));
    // Every protocol adapter hands its batches to this one pipeline.
    List<IngestStage> stages =
        patterns == null
            ? List.of(new StageLevels())
            : List.of(new StageLevels(), new PatternStage(patterns));
    this.pipeline = new IngestPipeline(stages, storage::append);
    PatternsHandler patternsHandler =
        new PatternsHandler(
            storage,
            patterns == null ? null : new PatternReport(executor, patterns),
            clock,
            metrics);
    IngestHandler ingest =
        new IngestHandler(
            pipeline, config.ingestLimits(), config.syslog().options(), clock, metrics);
    // Shippers' own protocols: Elasticsearch _bulk and Loki push, sharing one stream cache.
    StreamCache shipperStreams = new StreamCache();
    EsApiHandler elasticsearch =
        new EsApiHandler(
            new EsBulkHandler(pipeline, config.ingestLimits(), shipperStreams, clock, metrics),
            config.elasticsearch());
    LokiPushHandler loki =
        new LokiPushHandler(pipeline, config.ingestLimits(), shipperStreams, clock, metrics);
    QueryHandler query = new QueryHandler(storage, executor, clock, metrics);
    HealthHandler health = new HealthHandler(storage, metrics);
    AdminHandler admin = new AdminHandler(storage);
    this.tailHub = new TailHub(storage, ServerLimits.TAIL_RESUME_LINES, config.maxTails());
    TailHandler tail = new TailHandler(tailHub, metrics, clock);
    OtlpLogsIngest otlp =
        new OtlpLogsIngest(
            pipeline,
            new DecoderOtlpLogs(
                config.ingestLimits(), new StreamCache(), config.otlp().streamLabels()),
            metrics,
            clock);
    OtlpHttpHandler otlpHttp = new OtlpHttpHandler(otlp, config.otlp().maxMessageBytes());
    WebServer server;
    try {
      server =
          WebServer.builder()
              .host(config.host())
              .port(config.port())
              // Bodies are decoded by RequestBodies (gzip and zstd, with a size limit on the
              // decompressed bytes); Helidon must hand them over as they came.
              .contentEncoding(new PassThroughEncoding())
              // Without it, a small streamed answer waits for the client's delayed ACK (Nagle):
              // ~40 ms added to every quick query.
              .connectionOptions(socket -> socket.tcpNoDelay(true))
              .routing(
                  routing ->
                      routing
                          .post("/api/v1/ingest", ingest)
                          .get("/api/v1/query", query)
                          .get("/api/v1/hits", query::hits)
                          .get("/api/v1/explain", query::explain)
                          .get("/api/v1/export", query::export)
                          .get("/api/v1/tail", tail)
                          .get("/api/v1/patterns", patternsHandler)
                          .get("/health", health::health)
                          .get("/ready", health::ready)
                          .get("/metrics", health::metrics)
                          .post(
                              "/api/v1/admin/flush",
                              (request, response) -> {
                                savePatterns();
                                admin.flush(request, response);
                              })
                          .get("/api/v1/metrics/rules", metricsApi::listRules)
                          .post("/api/v1/metrics/rules", metricsApi::postRules)
                          .put("/api/v1/metrics/rules/{name}", metricsApi::putRule)
                          .delete("/api/v1/metrics/rules/{name}", metricsApi::deleteRule)
                          .get("/api/v1/metrics/query_range", metricsApi::queryRange)
                          .get("/api/v1/alerts", alertsApi::alerts)
                          .get("/api/v1/dashboards", dashboards::list)
                          .get("/api/v1/dashboards/{id}", dashboards::get)
                          .put("/api/v1/dashboards/{id}", dashboards::put)
                          .delete("/api/v1/dashboards/{id}", dashboards::delete)
                          .get("/api/v1/alerts/rules", alertsApi::rules)
                          .post("/api/v1/alerts/rules", alertsApi::postRule)
                          .post("/api/v1/alerts/rules/validate", alertsApi::validateRules)
                          .delete("/api/v1/alerts/rules/{name}", alertsApi::deleteRule)
                          .get("/api/v1/silences", alertsApi::silences)
                          .post("/api/v1/silences", alertsApi::postSilence)
                          .delete("/api/v1/silences/{id}", alertsApi::deleteSilence)
                          .post(OtlpHttpHandler.PATH, otlpHttp)
                          .post(OtlpHttpHandler.VICTORIA_LOGS_PATH, otlpHttp)
                          .post(LokiPushHandler.PATH, loki)
                          .register(elasticsearch)
                          // The web UI last: API routes above keep precedence.
                          .register(new WebUi()))
              // The same live tail over WebSocket: one TailSocket (and sender thread) per session.
              .addRouting(
                  WsRouting.builder()
                      .endpoint(TailSocket.PATH, () -> new TailSocket(tailHub, metrics, clock)))
              .build()
              .start();
      // Helidon logs a bind failure and returns a server that is not running (port -1).
      if (!server.isRunning() || server.port() < 0) {
        server.stop();
        throw new LoupeException(
            ErrorCode.UNAVAILABLE,
            "cannot listen on "
                + config.host()
                + ":"
                + config.port()
                + ": the port is in use by another process (or the address is not one of this"
                + " machine's); stop that process or choose another port with --port");
      }
    } catch (RuntimeException failure) {
      tailHub.close();
      closeAnalytics();
      closePatterns();
      storage.close();
      queryPool.shutdownNow();
      throw failure;
    }
    this.webServer = server;
    try {
      this.otlpGrpc =
          config.otlp().grpcEnabled()
              ? ListenerOtlpGrpc.start(config.host(), config.otlp(), otlp)
              : null;
    } catch (RuntimeException failure) {
      tailHub.close();
      webServer.stop();
      closeAnalytics();
      closePatterns();
      storage.close();
      queryPool.shutdownNow();
      throw failure;
    }
    try {
      this.syslog =
          SyslogListeners.start(
              config.host(),
              new SyslogIngest(
                  config.syslog(),
                  config.ingestLimits(),
                  new StreamCache(),
                  pipeline,
                  clock,
                  metrics));
    } catch (RuntimeException failure) {
      if (otlpGrpc != null) {
        otlpGrpc.close();
      }
      tailHub.close();
      webServer.stop();
      closeAnalytics();
      closePatterns();
      storage.close();
      queryPool.shutdownNow();
      throw failure;
    }
    this.kafka = startKafka(config, clock);
    alertEvaluator.externalUrl(externalUrl(config, webServer.port()));
    LOG.info(
        "loupe listening on http://{}:{} data={} startMillis={}",
        config.host(),
        webServer.port(),
        config.storage().dataDirectory(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The base of links in notifications: {@code --external-url}, else the address the server listens
   * on ({@code localhost} for every interface, which no link can name).
   */
  private static String externalUrl(ServerConfig config, int port) {
    String configured = config.analytics().externalUrl();
    if (configured != null) {
      return configured;
    }
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }

  /** The Kafka source when configured, else null; its settings were checked before anything. */
  private SourceKafka startKafka(ServerConfig config, InstantSource clock) {
    if (!config.kafka().enabled()) {
      return null;
    }
    SourceKafka source = SourceKafka.start(config.kafka(), config.ingestLimits(), pipeline, clock);
    metrics.addSection(source::writeMetrics);
    return source;
  }

  /** The pattern registry, or null when pattern mining is off. */
  public PatternRegistry patterns() {
    return patterns;
  }

  private void savePatterns() {
    if (patterns != null) {
      patterns.save();
    }
  }

  private void closePatterns() {
    if (patterns != null) {
      patterns.close();
    }
  }

  public static LoupeServer start(ServerConfig config, InstantSource clock) {
    requireNonNull(config, "config is null");
    requireNonNull(clock, "clock is null");
    return new LoupeServer(config, clock);
  }

  /** The bound port (useful when the config asked for port 0). */
  public int port() {
    return webServer.port();
  }

  /** The metric rule engine (tests, the benchmark). */
  public MetricEngine metricEngine() {
    return metricEngine;
  }

  /** The alert evaluator (tests evaluate it at the instants they choose). */
  public AlertEvaluator alertEvaluator() {
    return alertEvaluator;
  }

  /** The alert rules in force and where they came from (tests reload the rules file). */
  public AlertRuleSet alertRules() {
    return alertRules;
  }

  /** The metric rules in force and where they came from (tests reload the rules file). */
  public MetricRuleSet metricRules() {
    return metricRules;
  }

  /** Stops the analytics threads and closes the metric windows due; before storage closes. */
  private void closeAnalytics() {
    analyticsTimer.shutdownNow();
    metricEngine.close();
    metricStore.close();
  }

  public Storage storage() {
    return storage;
  }

  /** The path every protocol's records take to storage. */
  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** The bound syslog TCP port, or {@link SyslogConfig#OFF} when that listener is off. */
  public int syslogTcpPort() {
    return syslog.tcpPort();
  }

  /** The bound syslog TLS port, or {@link SyslogConfig#OFF}. */
  public int syslogTlsPort() {
    return syslog.tlsPort();
  }

  /** The bound syslog UDP port, or {@link SyslogConfig#OFF}. */
  public int syslogUdpPort() {
    return syslog.udpPort();
  }

  /** The bound OTLP/gRPC port, or 0 when the listener is off. */
  public int otlpGrpcPort() {
    return otlpGrpc == null ? 0 : otlpGrpc.port();
  }

  TailHub tailHub() {
    return tailHub;
  }

  @Override
  public void close() {
    // Listeners first: they hand what they have read to storage while it is still open.
    syslog.close();
    tailHub.close();
    if (otlpGrpc != null) {
      otlpGrpc.close();
    }
    webServer.stop();
    if (kafka != null) {
      // Before the store closes: the batch in hand is stored and its offsets committed.
      kafka.close();
    }
    queryPool.shutdownNow();
    closeAnalytics();
    closePatterns();
    storage.close();
    LOG.info("loupe stopped; memtable flushed to parts");
  }
}
