package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import dev.loupe.server.kafka.KafkaFormat;
import dev.loupe.server.kafka.KafkaSourceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code loupe serve --kafka-*} flags become the Kafka source's settings. */
class ServeCommandKafkaOptionsTest {
  private static ServeCommand parse(String... arguments) {
    ServeCommand command = new ServeCommand();
    CommandLine commandLine = new CommandLine(command);
    commandLine.registerConverter(Duration.class, new DurationConverter());
    commandLine.parseArgs(arguments);
    return command;
  }

  @Test
  void offWithoutABootstrapServer() {
    assertThat(parse().kafkaConfig()).isEqualTo(KafkaSourceConfig.disabled());
  }

  @Test
  void everyFlagReachesTheSettings() {
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
  void defaultsAreTheDocumentedOnes() {
    KafkaSourceConfig config =
        parse("--kafka-bootstrap", "k:9092", "--kafka-topics", "logs").kafkaConfig();

    assertThat(config).isEqualTo(KafkaSourceConfig.of("k:9092", List.of("logs")));
    assertThat(config.groupId()).isEqualTo("loupe");
    assertThat(config.format()).isEqualTo(KafkaFormat.JSON);
  }

  @Test
  void mistakesSayWhichFlagToFix() {
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
  void helpDescribesTheKafkaFlags() {
    StringWriter help = new StringWriter();
    new CommandLine(new ServeCommand()).usage(new PrintWriter(help));

    assertThat(help.toString())
        .contains("--kafka-bootstrap", "--kafka-topics", "--kafka-group", "--kafka-format")
        .contains("--kafka-property", "default: loupe");
  }
}
