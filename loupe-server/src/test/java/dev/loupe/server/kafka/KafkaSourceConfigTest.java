package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSourceConfigTest {
  private static final KafkaSourceConfig ON = KafkaSourceConfig.of("kafka:9092", List.of("logs"));

  @Test
  void offByDefaultWithTheDocumentedDefaults() {
    KafkaSourceConfig disabled = KafkaSourceConfig.disabled();

    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.groupId()).isEqualTo("loupe");
    assertThat(disabled.format()).isEqualTo(KafkaFormat.JSON);
    assertThat(disabled.tenant()).isEqualTo("default");
    assertThat(disabled.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(disabled.pollTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(disabled.decodeChunkBytes()).isEqualTo(4 << 20);
    assertThat(disabled.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ON.enabled()).isTrue();
  }

  @Test
  void consumerPropertiesLayerDefaultsUserPropertiesAndWhatDeliveryNeeds() {
    KafkaSourceConfig config =
        ON.withGroupId("loupe-eu")
            .withProperties(
                Map.of(
                    "auto.offset.reset", "latest",
                    "security.protocol", "SASL_SSL",
                    "max.poll.records", "500"));

    Map<String, Object> properties = config.consumerProperties();

    assertThat(properties)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("group.id", "loupe-eu")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("auto.offset.reset", "latest")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("max.poll.records", "500")
        .containsEntry("client.id", "loupe-loupe-eu");
    assertThat(ON.consumerProperties())
        .as("defaults: a new group reads from the oldest record, in large polls")
        .containsEntry("auto.offset.reset", "earliest")
        .containsEntry("max.poll.records", 10_000)
        .containsEntry("default.api.timeout.ms", 10_000);
  }

  @Test
  void propertiesThatOtherSettingsOwnOrThatBreakDeliveryAreRefused() {
    assertThatThrownBy(() -> ON.withProperties(Map.of("enable.auto.commit", "true")))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("enable.auto.commit")
        .hasMessageContaining("after the records are in its write-ahead log");
    assertThatThrownBy(() -> ON.withProperties(Map.of("group.id", "x")))
        .hasMessageContaining("--kafka-group");
    assertThatThrownBy(() -> ON.withProperties(Map.of("bootstrap.servers", "x:1")))
        .hasMessageContaining("--kafka-bootstrap");
    assertThatThrownBy(() -> ON.withProperties(Map.of("value.deserializer", "Foo")))
        .hasMessageContaining("as bytes");
  }

  @Test
  void anEnabledSourceNeedsTopicsAndAGroup() {
    assertThatThrownBy(() -> KafkaSourceConfig.of("kafka:9092", List.of()))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--kafka-topics");
    assertThatThrownBy(() -> KafkaSourceConfig.of("kafka:9092", List.of(" ")))
        .hasMessageContaining("empty kafka topic");
    assertThatThrownBy(() -> ON.withGroupId(" ")).hasMessageContaining("--kafka-group");
    assertThat(KafkaSourceConfig.disabled().withGroupId("").enabled())
        .as("a disabled source is not checked")
        .isFalse();
  }

  @Test
  void tenantStreamFieldsAndBackoffAreChecked() {
    assertThatThrownBy(() -> ON.withTenant("no spaces please"))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("invalid tenant");
    assertThatThrownBy(() -> ON.withStreamFields(List.of("")))
        .hasMessageContaining("empty stream field");
    assertThatThrownBy(() -> ON.withMaxRetryBackoff(Duration.ofMillis(10)))
        .hasMessageContaining("at least 100 ms");
  }

  @Test
  void pollDecodeAndCloseLimitsAreSettingsCheckedByFlag() {
    KafkaSourceConfig changed =
        ON.withPollTimeout(Duration.ofMillis(50))
            .withDecodeChunkBytes(1024)
            .withCloseTimeout(Duration.ZERO)
            .withGroupId("other");

    assertThat(changed.pollTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThat(changed.decodeChunkBytes()).isEqualTo(1024);
    assertThat(changed.closeTimeout()).as("kept by the other withers").isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> ON.withPollTimeout(Duration.ZERO))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--kafka-poll-timeout");
    assertThatThrownBy(() -> ON.withDecodeChunkBytes(0))
        .hasMessageContaining("--kafka-decode-chunk-mb");
    assertThatThrownBy(() -> ON.withCloseTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("--kafka-close-timeout");
  }
}
