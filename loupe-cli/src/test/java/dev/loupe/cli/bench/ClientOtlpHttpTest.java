package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClientOtlpHttpTest {
  @Test
  void groupsLinesByResourceInFirstSeenOrder() throws InvalidProtocolBufferException {
    List<ProtocolLine> lines =
        List.of(
            line(1, "cart", "app-01", "a"),
            line(2, "sshd", "app-02", "b"),
            line(3, "cart", "app-01", "c"));

    WireBatch batch = new ClientOtlpHttp().encode(lines);
    ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(batch.body());

    assertThat(batch.lines()).isEqualTo(3);
    assertThat(request.getResourceLogsList()).hasSize(2);
    ResourceLogs cart = request.getResourceLogs(0);
    assertThat(attributes(cart.getResource().getAttributesList()))
        .isEqualTo(Map.of("service.name", "cart", "host.name", "app-01"));
    assertThat(cart.getScopeLogs(0).getScope().getName()).isEqualTo(ClientOtlpHttp.SCOPE_NAME);
    assertThat(cart.getScopeLogs(0).getLogRecordsList())
        .extracting(record -> record.getBody().getStringValue())
        .containsExactly("a", "c");
    LogRecord second = request.getResourceLogs(1).getScopeLogs(0).getLogRecords(0);
    assertThat(second.getTimeUnixNano()).isEqualTo(2);
    assertThat(attributes(second.getAttributesList())).isEqualTo(Map.of("source", "syslog"));
  }

  private static Map<String, String> attributes(List<KeyValue> keyValues) {
    return keyValues.stream()
        .collect(Collectors.toMap(KeyValue::getKey, pair -> pair.getValue().getStringValue()));
  }

  private static ProtocolLine line(long time, String service, String host, String message) {
    return new ProtocolLine(time, message, service, host, "syslog", "{}");
  }
}
