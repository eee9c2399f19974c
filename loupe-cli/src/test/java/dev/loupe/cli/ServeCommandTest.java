package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.ingest.otlp.OtlpStreamLabels;
import dev.loupe.server.OtlpConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code loupe serve} as they become settings (the server itself: other tests). */
class ServeCommandTest {
  private static ServeCommand parse(String... arguments) {
    ServeCommand command = new ServeCommand();
    commandLine(command).parseArgs(arguments);
    return command;
  }

  /** As {@link LoupeCommand#commandLine()} sets it up (durations such as 30d). */
  private static CommandLine commandLine(ServeCommand command) {
    return new CommandLine(command).registerConverter(Duration.class, new DurationConverter());
  }

  @Test
  void otlpDefaultsAreGrpcOffAndTheDefaultLabels() {
    OtlpConfig otlp = parse().otlpConfig();

    assertThat(otlp.grpcEnabled()).isFalse();
    assertThat(otlp.streamLabels()).isEqualTo(OtlpStreamLabels.defaults());
    assertThat(otlp).isEqualTo(OtlpConfig.defaults());
  }

  @Test
  void otlpFlagsBecomeTheOtlpConfig() {
    OtlpConfig otlp =
        parse(
                "--otlp-grpc-port",
                "4317",
                "--otlp-stream-attributes",
                "service.name=svc,k8s.namespace.name",
                "--otlp-max-message-mb",
                "4")
            .otlpConfig();

    assertThat(otlp.grpcPort()).isEqualTo(4317);
    assertThat(otlp.streamLabels().text()).isEqualTo("service.name=svc,k8s.namespace.name");
    assertThat(otlp.maxMessageBytes()).isEqualTo(4 << 20);
  }

  @Test
  void badOtlpFlagsSayWhichFlagAndWhy() {
    assertThatThrownBy(() -> parse("--otlp-grpc-port", "70000").otlpConfig())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--otlp-grpc-port must be 0 (off) or a port from 1 to 65535");
    assertThatThrownBy(() -> parse("--otlp-stream-attributes", "=x").otlpConfig())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--otlp-stream-attributes: invalid stream attribute entry");
    assertThatThrownBy(() -> parse("--otlp-max-message-mb", "0").otlpConfig())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--otlp-max-message-mb must be from 1 to 1024");
  }

  @Test
  void helpListsTheOtlpFlagsWithTheirDefaults() {
    String help = commandLine(new ServeCommand()).getUsageMessage();

    assertThat(help)
        .contains("--otlp-grpc-port", "4317", "default: 0 = off")
        .contains("--otlp-stream-attributes", "service.name=service")
        .contains("--otlp-max-message-mb", "default: 16");
  }
}
