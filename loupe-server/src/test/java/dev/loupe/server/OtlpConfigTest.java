package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.ingest.otlp.OtlpStreamLabels;
import org.junit.jupiter.api.Test;

class OtlpConfigTest {
  @Test
  void theDefaultsTurnGrpcOffAndAllowSixteenMebibytes() {
    OtlpConfig defaults = OtlpConfig.defaults();

    assertThat(defaults.grpcEnabled()).isFalse();
    assertThat(defaults.maxMessageBytes()).isEqualTo(16 << 20);
    assertThat(defaults.streamLabels()).isEqualTo(OtlpStreamLabels.defaults());
    assertThat(defaults.grpcStopTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
  }

  @Test
  void withersChangeOneSetting() {
    OtlpConfig changed =
        OtlpConfig.defaults()
            .withGrpcPort(OtlpConfig.STANDARD_GRPC_PORT)
            .withMaxMessageBytes(1024)
            .withStreamLabels(OtlpStreamLabels.none());

    assertThat(changed).isEqualTo(new OtlpConfig(4317, OtlpStreamLabels.none(), 1024));
    assertThat(changed.withGrpcStopTimeout(java.time.Duration.ZERO))
        .isEqualTo(new OtlpConfig(4317, OtlpStreamLabels.none(), 1024, java.time.Duration.ZERO));
    assertThat(changed.grpcEnabled()).isTrue();
    assertThat(OtlpConfig.defaults().withGrpcPort(OtlpConfig.ANY_FREE_PORT).grpcEnabled()).isTrue();
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThatThrownBy(() -> OtlpConfig.defaults().withGrpcPort(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpcPort out of range: 65536");
    assertThatThrownBy(() -> OtlpConfig.defaults().withGrpcPort(-2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OtlpConfig.defaults().withMaxMessageBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageBytes must be positive");
    assertThatThrownBy(
            () -> OtlpConfig.defaults().withGrpcStopTimeout(java.time.Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grpcStopTimeout must not be negative");
  }

  @Test
  void serverConfigKeepsItsConvenienceConstructorsWithTheDefaults() {
    ServerConfig config =
        new ServerConfig(
            "127.0.0.1",
            0,
            dev.loupe.storage.StorageConfig.defaults(java.nio.file.Path.of("data")),
            dev.loupe.ingest.IngestLimits.defaults(),
            2);

    assertThat(config.otlp()).isEqualTo(OtlpConfig.defaults());
    assertThat(config.withOtlp(OtlpConfig.defaults().withGrpcPort(4317)).otlp().grpcPort())
        .isEqualTo(4317);
  }
}
