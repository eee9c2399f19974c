package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolOptionsTest {
  private static final ServerLaunch LAUNCH =
      new ServerLaunch("java", "", Path.of("loupe.jar"), null);

  @Test
  void protocolsOnlyTakesTheDataSetSizeFromProtocolLines() {
    ProtocolOptions only =
        new ProtocolOptions(List.of(Protocol.ES_BULK), 200_000, 2_000, true, false, null);
    ProtocolOptions after =
        new ProtocolOptions(List.of(Protocol.ES_BULK), 200_000, 2_000, false, false, null);

    assertThat(options(only).datasetLines()).isEqualTo(200_000);
    assertThat(options(after).datasetLines()).isEqualTo(5_000_000);
    assertThat(options(ProtocolOptions.NONE).datasetLines()).isEqualTo(5_000_000);
  }

  @Test
  void refusesWhatCannotRun() {
    assertThatThrownBy(() -> new ProtocolOptions(List.of(), 200_000, 2_000, true, false, null))
        .hasMessage("--protocols-only needs --protocols");
    assertThatThrownBy(
            () -> new ProtocolOptions(List.of(Protocol.KAFKA), 10, 2_000, false, false, null))
        .hasMessage("--protocol-lines must be at least 1000, got 10");
    assertThatThrownBy(
            () -> new ProtocolOptions(List.of(Protocol.KAFKA), 1_000, 0, false, false, null))
        .hasMessage("--protocol-batch-lines must be positive, got 0");
  }

  @Test
  void noProtocolsNamedIsNoProtocolPhase() {
    assertThat(ProtocolOptions.parseProtocols(null)).isEmpty();
    assertThat(ProtocolOptions.parseProtocols("otlp-http")).containsExactly(Protocol.OTLP_HTTP);
  }

  private static BenchOptions options(ProtocolOptions protocols) {
    return new BenchOptions(
        5_000_000,
        42,
        4,
        5_000,
        10,
        Path.of("bench"),
        false,
        false,
        null,
        LAUNCH,
        "loupe bench",
        protocols);
  }
}
