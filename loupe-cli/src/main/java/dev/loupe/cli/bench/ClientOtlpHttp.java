package dev.loupe.cli.bench;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenTelemetry logs over OTLP/HTTP as the OpenTelemetry SDKs and Collector export them: one
 * protobuf {@code ExportLogsServiceRequest} a batch, POSTed to {@code /v1/logs}. The lines of a
 * batch are grouped by resource ({@code service.name} and {@code host.name}, which the server makes
 * stream labels), each line a {@code LogRecord} with its time, the raw line as its string body and
 * the data set's {@code source} as an attribute. A partial success that rejects records fails the
 * send.
 */
final class ClientOtlpHttp implements ProtocolClient {
  static final String PATH = "/v1/logs";
  static final String SCOPE_NAME = "loupe-bench";

  @Override
  public List<String> serverArguments() {
    return List.of(); // OTLP/HTTP is always on, on the main port
  }

  @Override
  public WireBatch encode(List<ProtocolLine> lines) {
    return WireBatch.of(request(lines).toByteArray(), lines.size());
  }

  static ExportLogsServiceRequest request(List<ProtocolLine> lines) {
    Map<String, ScopeLogs.Builder> byResource = new LinkedHashMap<>();
    Map<String, Resource> resources = new LinkedHashMap<>();
    for (ProtocolLine line : lines) {
      String key = line.service() + '\n' + line.host();
      ScopeLogs.Builder scope =
          byResource.computeIfAbsent(
              key,
              unused -> {
                resources.put(
                    key,
                    Resource.newBuilder()
                        .addAttributes(attribute("service.name", line.service()))
                        .addAttributes(attribute("host.name", line.host()))
                        .build());
                return ScopeLogs.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName(SCOPE_NAME));
              });
      scope.addLogRecords(
          LogRecord.newBuilder()
              .setTimeUnixNano(line.timeNanos())
              .setObservedTimeUnixNano(line.timeNanos())
              .setBody(AnyValue.newBuilder().setStringValue(line.message()))
              .addAttributes(attribute("source", line.source())));
    }
    ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
    byResource.forEach(
        (key, scope) ->
            request.addResourceLogs(
                ResourceLogs.newBuilder().setResource(resources.get(key)).addScopeLogs(scope)));
    return request.build();
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  @Override
  public Sender connect(int httpPort) {
    ProtocolHttp http = new ProtocolHttp(httpPort, PATH, "application/x-protobuf");
    return new Sender() {
      @Override
      public long send(WireBatch batch) throws IOException, InterruptedException {
        ExportLogsServiceResponse response =
            ExportLogsServiceResponse.parseFrom(http.post(batch.body()));
        long rejected = response.getPartialSuccess().getRejectedLogRecords();
        if (rejected > 0) {
          throw new IOException(
              "the server rejected "
                  + rejected
                  + " OTLP log records: "
                  + response.getPartialSuccess().getErrorMessage());
        }
        return batch.lines();
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }
}
