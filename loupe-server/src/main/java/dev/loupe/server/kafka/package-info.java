/**
 * The Kafka source: a consumer group member that stores the records of its topics through the
 * ingest pipeline and commits their offsets only once they are in the write-ahead log
 * (at-least-once). {@link dev.loupe.server.kafka.SourceKafka} runs it, {@link
 * dev.loupe.server.kafka.KafkaSourceConfig} configures it. Depends on ingest and core, never on the
 * HTTP layer of {@code dev.loupe.server}.
 */
package dev.loupe.server.kafka;
