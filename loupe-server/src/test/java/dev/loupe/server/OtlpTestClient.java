package dev.loupe.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the OTLP tests share: emitting log records through the real OpenTelemetry SDK, and reading
 * back what the server stored through its query API.
 */
final class OtlpTestClient {
  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String SPAN_ID = "eee19b7ec3c1b174";
  static final Instant EMITTED = Instant.parse("2026-11-22T10:00:00.123456789Z");

  private static final JsonFactory JSON = new JsonFactory();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OtlpTestClient() {}

  /**
   * Emits three records with the SDK through {@code exporter} (a batch processor, as in an app),
   * flushes, and checks the exporter reported success: one error with trace context and attributes,
   * one info without, one debug with a severity text only.
   */
  static void emitThroughSdk(LogRecordExporter exporter, String service) {
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", service)
                        .put("host.name", "web-1")
                        .put("k8s.pod.name", "checkout-7d9f")
                        .build()));
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build())
            .build();
    try {
      Logger logger =
          provider.loggerBuilder("com.example.payments").setInstrumentationVersion("1.2.0").build();
      SpanContext spanContext =
          SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
      logger
          .logRecordBuilder()
          .setTimestamp(EMITTED)
          .setSeverity(Severity.ERROR)
          .setSeverityText("ERROR")
          .setBody("payment declined for order 42")
          .setAttribute(AttributeKey.stringKey("order.id"), "42")
          .setAttribute(AttributeKey.longKey("amount.cents"), 1999L)
          .setAttribute(AttributeKey.booleanKey("retry"), false)
          .setAttribute(AttributeKey.stringArrayKey("cards"), List.of("visa", "amex"))
          .setContext(Context.root().with(Span.wrap(spanContext)))
          .emit();
      logger
          .logRecordBuilder()
          .setTimestamp(EMITTED.plusSeconds(1))
          .setSeverity(Severity.INFO)
          .setBody("order 43 paid")
          .emit();
      logger
          .logRecordBuilder()
          .setTimestamp(EMITTED.plusSeconds(2))
          .setSeverityText("dbg")
          .setBody("cache warm")
          .emit();
      CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
      if (!flushed.isSuccess()) {
        throw new AssertionError("the SDK could not export: " + flushed.getFailureThrowable());
      }
    } finally {
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The rows a query finds, newest first, each as field name to value (the status line left out).
   */
  static List<Map<String, String>> query(LoupeServer server, String query, String tenant)
      throws IOException, InterruptedException {
    String uri =
        "http://127.0.0.1:"
            + server.port()
            + "/api/v1/query?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8)
            + "&tenant="
            + tenant;
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("query failed: " + response.statusCode() + " " + response.body());
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : response.body().lines().toList()) {
      Map<String, String> row = flatObject(line);
      if (!row.containsKey("_status")) {
        rows.add(row);
      }
    }
    return rows;
  }

  static List<Map<String, String>> query(LoupeServer server, String query)
      throws IOException, InterruptedException {
    return query(server, query, "default");
  }

  /** The top-level fields of one JSON object; nested values as their first scalar's text. */
  private static Map<String, String> flatObject(String line) throws IOException {
    Map<String, String> row = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(line)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value.isStructStart()) {
          parser.skipChildren();
          row.put(name, "{...}");
        } else {
          row.put(name, parser.getText());
        }
      }
    }
    return row;
  }
}
