package dev.loupe.server.kafka;

import java.util.Locale;

/** How the value of a Kafka record is read: each line a JSON object, or each line a message. */
public enum KafkaFormat {
  /** Newline-delimited JSON, read by {@code DecoderJsonLines}: one object a line. */
  JSON,
  /** Plain text, read by {@code DecoderPlainText}: each non-empty line is a message. */
  TEXT;

  /**
   * The format named {@code json} or {@code text} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static KafkaFormat parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "json", "jsonl", "ndjson" -> JSON;
      case "text", "plain" -> TEXT;
      default ->
          throw new IllegalArgumentException(
              "unknown kafka format \"" + name + "\": use json (JSON lines) or text");
    };
  }
}
