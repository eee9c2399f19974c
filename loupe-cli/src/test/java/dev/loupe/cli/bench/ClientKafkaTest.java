package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientKafkaTest {
  @Test
  void sendsOneRecordALineHoldingItsNdjsonObject() {
    List<ProtocolLine> lines =
        List.of(
            new ProtocolLine(1, "raw a", "s", "h", "app", "{\"_msg\":\"a\"}"),
            new ProtocolLine(2, "raw b", "s", "h", "app", "{\"_msg\":\"ü\"}"));

    WireBatch batch = ClientKafka.records(lines);

    assertThat(batch.lines()).isEqualTo(2);
    assertThat(Arrays.stream(batch.parts()).map(part -> new String(part, StandardCharsets.UTF_8)))
        .containsExactly("{\"_msg\":\"a\"}", "{\"_msg\":\"ü\"}");
    assertThat(batch.bytes()).isEqualTo(12 + 13);
  }

  @Test
  void startsTheServersKafkaSourceOnTheTopicInItsOwnGroup() {
    assertThat(ClientKafka.serverArguments("127.0.0.1:9092", "loupe-bench-1"))
        .containsExactly(
            "--kafka-bootstrap",
            "127.0.0.1:9092",
            "--kafka-topics",
            "loupe-bench-1",
            "--kafka-group",
            "loupe-bench-1",
            "--kafka-stream-fields",
            LoupeHttp.STREAM_FIELDS);
  }

  @Test
  void producesWithEveryReplicasAcknowledgement() {
    assertThat(ClientKafka.producerProperties("b:1"))
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:1")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
  }
}
