package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import dev.loupe.ingest.otlp.OtlpStreamLabels;
import dev.loupe.server.OtlpConfig;
import dev.loupe.server.SyslogSockets;
import dev.loupe.server.kafka.KafkaFormat;
import dev.loupe.server.kafka.KafkaSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    // Words joined by single spaces: where picocli wraps depends on the widest of all the flags.
    String help = commandLine(new ServeCommand()).getUsageMessage().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("--otlp-grpc-port", "4317", "default: 0 = off")
        .contains("--otlp-stream-attributes", "service.name=service")
        .contains("--otlp-max-message-mb", "default: 16");
  }

  @Test
  void kafkaIsOffWithoutABootstrapServer() {
    assertThat(parse().kafkaConfig()).isEqualTo(KafkaSourceConfig.disabled());
  }

  @Test
  void kafkaFlagsBecomeTheKafkaSourceConfig() {
    KafkaSourceConfig config =
        parse(
                "--kafka-bootstrap",
                "k1:9092,k2:9092",
                "--kafka-topics",
                "app,web",
                "--kafka-group",
                "loupe-eu",
                "--kafka-format",
                "text",
                "--kafka-tenant",
                "ops",
                "--kafka-stream-fields",
                "service,host",
                "--kafka-partition-label",
                "--kafka-headers",
                "--kafka-property",
                "security.protocol=SASL_SSL",
                "--kafka-property",
                "sasl.mechanism=SCRAM-SHA-512",
                "--kafka-property",
                "sasl.jaas.config=ScramLoginModule required username=\"u\" password=\"p=1\";",
                "--kafka-max-backoff",
                "30s")
            .kafkaConfig();

    assertThat(config.enabled()).isTrue();
    assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.topics()).containsExactly("app", "web");
    assertThat(config.groupId()).isEqualTo("loupe-eu");
    assertThat(config.format()).isEqualTo(KafkaFormat.TEXT);
    assertThat(config.tenant()).isEqualTo("ops");
    assertThat(config.streamFields()).containsExactly("service", "host");
    assertThat(config.partitionLabel()).isTrue();
    assertThat(config.headersAsFields()).isTrue();
    assertThat(config.properties())
        .as("a value may hold '=' itself")
        .isEqualTo(
            Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "ScramLoginModule required username=\"u\" password=\"p=1\";"));
    assertThat(config.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void kafkaDefaultsAreTheDocumentedOnes() {
    KafkaSourceConfig config =
        parse("--kafka-bootstrap", "k:9092", "--kafka-topics", "logs").kafkaConfig();

    assertThat(config).isEqualTo(KafkaSourceConfig.of("k:9092", List.of("logs")));
    assertThat(config.groupId()).isEqualTo("loupe");
    assertThat(config.format()).isEqualTo(KafkaFormat.JSON);
  }

  @Test
  void kafkaMistakesSayWhichFlagToFix() {
    assertThatThrownBy(() -> parse("--kafka-topics", "logs").kafkaConfig())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--kafka-bootstrap");
    assertThatThrownBy(() -> parse("--kafka-bootstrap", "k:9092").kafkaConfig())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--kafka-topics");
    assertThatThrownBy(() -> parse("--kafka-format", "avro"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("use json (JSON lines) or text");
  }

  @Test
  void helpListsTheKafkaFlags() {
    String help = commandLine(new ServeCommand()).getUsageMessage().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("--kafka-bootstrap", "--kafka-topics", "--kafka-group", "--kafka-format")
        .contains("--kafka-property", "(default: loupe)", "(default: json)", "(default: 10s)");
  }

  @Test
  void listenerLimitsAreFlagsWithTheDefaultsOfTheConfigs() {
    ServeCommand defaults = parse();
    ServeCommand changed =
        parse(
            "--syslog-read-buffer-kb",
            "64",
            "--syslog-udp-receive-buffer-kb",
            "8192",
            "--syslog-tls-handshake-timeout",
            "3s",
            "--syslog-stop-timeout",
            "1500ms",
            "--otlp-grpc-stop-timeout",
            "2s",
            "--kafka-bootstrap",
            "k:9092",
            "--kafka-topics",
            "logs",
            "--kafka-poll-timeout",
            "100ms",
            "--kafka-decode-chunk-mb",
            "16",
            "--kafka-close-timeout",
            "20s");

    assertThat(defaults.syslogConfig().sockets()).isEqualTo(SyslogSockets.defaults());
    assertThat(changed.syslogConfig().sockets())
        .isEqualTo(
            new SyslogSockets(64 << 10, 8 << 20, Duration.ofSeconds(3), Duration.ofMillis(1500)));
    assertThat(defaults.otlpConfig().grpcStopTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(changed.otlpConfig().grpcStopTimeout()).isEqualTo(Duration.ofSeconds(2));
    KafkaSourceConfig kafka = changed.kafkaConfig();
    assertThat(kafka.pollTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(kafka.decodeChunkBytes()).isEqualTo(16 << 20);
    assertThat(kafka.closeTimeout()).isEqualTo(Duration.ofSeconds(20));
    KafkaSourceConfig kafkaDefaults = KafkaSourceConfig.disabled();
    assertThat(kafkaDefaults.pollTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(kafkaDefaults.decodeChunkBytes()).isEqualTo(4 << 20);
    assertThat(kafkaDefaults.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void notificationDeliveryIsAFlagPairWithTheDefaultsOfTheConfig() {
    assertThat(parse().analytics.config().delivery())
        .isEqualTo(dev.loupe.server.AnalyticsConfig.Delivery.defaults());
    assertThat(
            parse("--notify-attempts", "2", "--alertmanager-resend", "30s")
                .analytics
                .config()
                .delivery())
        .isEqualTo(new dev.loupe.server.AnalyticsConfig.Delivery(2, Duration.ofSeconds(30)));
    assertThatThrownBy(() -> parse("--notify-attempts", "0").analytics.config())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--notify-attempts");
    assertThatThrownBy(() -> parse("--alertmanager-resend", "0s").analytics.config())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--alertmanager-resend");
  }

  @Test
  void badListenerLimitsSayWhichFlagToFix() {
    assertThatThrownBy(() -> parse("--syslog-read-buffer-kb", "0").syslogConfig())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--syslog-read-buffer-kb");
    assertThatThrownBy(() -> parse("--syslog-tls-handshake-timeout", "0").syslogConfig())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--syslog-tls-handshake-timeout");
    assertThatThrownBy(
            () ->
                parse(
                        "--kafka-bootstrap",
                        "k:9092",
                        "--kafka-topics",
                        "l",
                        "--kafka-decode-chunk-mb",
                        "0")
                    .kafkaConfig())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--kafka-decode-chunk-mb");
  }

  @Test
  void helpListsTheListenerLimitsWithTheirDefaults() {
    String help = commandLine(new ServeCommand()).getUsageMessage().replaceAll("\\s+", " ");

    assertThat(help)
        .contains("--syslog-read-buffer-kb", "--syslog-udp-receive-buffer-kb", "(default: 4096)")
        .contains("--syslog-tls-handshake-timeout", "--syslog-stop-timeout", "(default: 5s)")
        .contains("--otlp-grpc-stop-timeout", "--kafka-poll-timeout", "(default: 500ms)")
        .contains("--kafka-decode-chunk-mb", "--kafka-close-timeout");
  }
}
