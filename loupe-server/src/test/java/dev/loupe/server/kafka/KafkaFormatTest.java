package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KafkaFormatTest {
  @ParameterizedTest
  @CsvSource({"json,JSON", "JSON,JSON", "ndjson,JSON", "jsonl,JSON", "text,TEXT", " Plain ,TEXT"})
  void namesParse(String name, KafkaFormat expected) {
    assertThat(KafkaFormat.parse(name)).isEqualTo(expected);
  }

  @Test
  void anUnknownNameSaysWhatIsAccepted() {
    assertThatThrownBy(() -> KafkaFormat.parse("avro"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown kafka format \"avro\": use json (JSON lines) or text");
  }
}
