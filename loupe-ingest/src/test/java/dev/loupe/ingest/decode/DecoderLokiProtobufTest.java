package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.CodedOutputStream;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Bodies are encoded here as Promtail and Alloy encode them: the push message written field by
 * field with protobuf's own {@link CodedOutputStream}, then compressed with snappy's block format.
 */
class DecoderLokiProtobufTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);

  private final List<LogRecord> records = new ArrayList<>();

  @Test
  void streamsAndEntriesBecomeRecordsWithTheirLabelsAndMetadata() throws IOException {
    byte[] push =
        pushRequest(
            stream(
                "{job=\"varlogs\", host=\"web-1\"}",
                entry(1_763_805_600L, 1, "GET /health 200"),
                entry(1_763_805_600L, 2, "payment declined", "trace_id", "abc123", "user", "42")),
            stream("{job=\"nginx\"}", entry(1_763_805_601L, 0, "upstream timed out")));

    IngestResult result = decode(Snappy.compress(push), DEFAULTS, IngestLimits.defaults());

    assertThat(result).isEqualTo(new IngestResult(3, 0, List.of()));
    assertThat(records)
        .extracting(LogRecord::message, LogRecord::timeNanos, DecoderLokiJsonTest::fieldText)
        .containsExactly(
            tuple("GET /health 200", 1763805600000000001L, "job=varlogs, host=web-1"),
            tuple(
                "payment declined",
                1763805600000000002L,
                "job=varlogs, host=web-1, trace_id=abc123, user=42"),
            tuple("upstream timed out", 1763805601000000000L, "job=nginx"));
    assertThat(records.getFirst().stream())
        .isEqualTo(Stream.of("default", Map.of("job", "varlogs", "host", "web-1")));
  }

  /** The same entries as JSON and as protobuf give the same records. */
  @Test
  void givesTheSameRecordsAsTheJsonEncoding() throws IOException {
    byte[] push =
        pushRequest(
            stream(
                "{job=\"varlogs\",host=\"web-1\"}",
                entry(1_763_805_600L, 1, "GET /health 200"),
                entry(1_763_805_600L, 2, "payment declined", "trace_id", "abc123", "user", "42")),
            stream("{job=\"nginx\"}", entry(1_763_805_601L, 0, "upstream timed out")));
    String json =
        """
        {"streams":[
          {"stream":{"job":"varlogs","host":"web-1"},
           "values":[["1763805600000000001","GET /health 200"],
                     ["1763805600000000002","payment declined",{"trace_id":"abc123","user":"42"}]]},
          {"stream":{"job":"nginx"},"values":[["1763805601000000000","upstream timed out"]]}]}
        """;

    decode(Snappy.compress(push), DEFAULTS, IngestLimits.defaults());
    List<LogRecord> fromProtobuf = List.copyOf(records);
    records.clear();
    new DecoderLokiJson(IngestLimits.defaults(), new StreamCache())
        .decode(
            new ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            DEFAULTS,
            records::addAll);

    assertThat(fromProtobuf).isEqualTo(records);
  }

  @Test
  void labelsWrittenAfterTheEntriesAndUnknownFieldsAreHandled() throws IOException {
    ByteArrayOutputStream streamBytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(streamBytes);
    out.writeByteArray(2, entry(1, 0, "entries first"));
    out.writeUInt64(3, 12345L); // the hash Loki's client sets
    out.writeString(9, "a field this decoder does not know");
    out.writeString(1, "{job=\"late\"}");
    out.flush();
    ByteArrayOutputStream pushBytes = new ByteArrayOutputStream();
    CodedOutputStream push = CodedOutputStream.newInstance(pushBytes);
    push.writeByteArray(1, streamBytes.toByteArray());
    push.writeFixed64(7, 99L);
    push.flush();

    decode(Snappy.compress(pushBytes.toByteArray()), DEFAULTS, IngestLimits.defaults());

    assertThat(records)
        .extracting(record -> record.stream().canonicalLabels(), LogRecord::message)
        .containsExactly(tuple("{job=\"late\"}", "entries first"));
  }

  @Test
  void badLabelsRejectTheirStreamAndBadTimesTheirEntryWhileTheRestIsStored() throws IOException {
    byte[] push =
        pushRequest(
            stream("{job=\"a\"}", entry(1, 0, "kept 1"), entry(Long.MAX_VALUE, 0, "year 10^11")),
            stream("job=a", entry(2, 0, "labels unreadable"), entry(3, 0, "also")),
            stream("{job=\"b\"}", entry(4, 0, "kept 2")));

    IngestResult result = decode(Snappy.compress(push), DEFAULTS, IngestLimits.defaults());

    assertThat(records).extracting(LogRecord::message).containsExactly("kept 1", "kept 2");
    assertThat(result.firstErrors())
        .extracting(LineError::line, LineError::reason)
        .containsExactly(
            tuple(2L, "streams[0].entries[1]: timestamp out of range; send years 1677 to 2262"),
            tuple(
                3L,
                "streams[1].entries[0]: streams[1] labels \"job=a\" are invalid at position 0:"
                    + " expected '{'; write them like {job=\"app\",host=\"web-1\"}"),
            tuple(
                4L,
                "streams[1].entries[1]: streams[1] labels \"job=a\" are invalid at position 0:"
                    + " expected '{'; write them like {job=\"app\",host=\"web-1\"}"));
  }

  @Test
  void aZeroTimestampIsTheReceiveTimeAndInvalidUtf8IsReplaced() throws IOException {
    ByteArrayOutputStream entryBytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(entryBytes);
    out.writeByteArray(2, new byte[] {'o', 'k', (byte) 0xC3});
    out.flush();

    decode(
        Snappy.compress(pushRequest(stream("{a=\"b\"}", entryBytes.toByteArray()))),
        DEFAULTS,
        IngestLimits.defaults());

    assertThat(records.getFirst().timeNanos()).isEqualTo(RECEIVED);
    assertThat(records.getFirst().message()).isEqualTo("ok\uFFFD");
  }

  @Test
  void limitsApplyToEveryEntry() throws IOException {
    IngestLimits limits = new IngestLimits(1 << 20, 8, 2, 10);
    byte[] push =
        pushRequest(
            stream(
                "{job=\"a\"}",
                entry(1, 0, "short"),
                entry(1, 1, "much too long"),
                entry(1, 2, "meta", "x", "1", "y", "2")));

    IngestResult result = decode(Snappy.compress(push), DEFAULTS, limits);

    assertThat(records).extracting(LogRecord::message).containsExactly("short");
    assertThat(result.rejected()).isEqualTo(2);
  }

  @Test
  void aBodyThatIsNotSnappyOrNotAMessageFailsWholeSayingWhere() throws IOException {
    assertThatThrownBy(() -> decode("plain text".getBytes(), DEFAULTS, IngestLimits.defaults()))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageStartingWith("body is not snappy-compressed (block format)");

    byte[] good = pushRequest(stream("{a=\"b\"}", entry(1, 0, "stored before the damage")));
    byte[] truncated = new byte[good.length + 3];
    System.arraycopy(good, 0, truncated, 0, good.length);
    truncated[good.length] = 0x0A; // field 1, length-delimited: a stream ...
    truncated[good.length + 1] = 0x7F; // ... of 127 bytes, of which one follows
    truncated[good.length + 2] = 0x0A;
    assertThatThrownBy(() -> decode(Snappy.compress(truncated), DEFAULTS, IngestLimits.defaults()))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageStartingWith("body is not a valid loki PushRequest near byte")
        .hasMessageContaining("the 0 entries handed to storage before it are stored");
  }

  @Test
  void aSnappyBlockThatInflatesPastTheBodyLimitIsRefusedBeforeItIsInflated() {
    byte[] zeros = new byte[1 << 20];
    IngestLimits limits = new IngestLimits(64 << 10, 1 << 20, 1000, 10);

    assertThatThrownBy(() -> decode(Snappy.compress(zeros), DEFAULTS, limits))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
  }

  @Test
  void anEmptyBodyStoresNothing() throws IOException {
    assertThat(decode(new byte[0], DEFAULTS, IngestLimits.defaults()))
        .isEqualTo(new IngestResult(0, 0, List.of()));
  }

  /** Random damage to a real body never escapes as anything but BAD_REQUEST or a result. */
  @Test
  void corruptMessagesAreRefusedCleanly() throws IOException {
    long seed = 20261122L;
    Random random = new Random(seed);
    byte[] good =
        pushRequest(
            stream("{job=\"a\"}", entry(1, 0, "one", "k", "v"), entry(2, 5, "two")),
            stream("{job=\"b\"}", entry(3, 0, "three")));
    for (int round = 0; round < 2000; round++) {
      byte[] damaged = good.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      try {
        decode(Snappy.compress(damaged), DEFAULTS, IngestLimits.defaults());
      } catch (LoupeException refused) {
        assertThat(refused.code())
            .as("seed %d round %d", seed, round)
            .isEqualTo(ErrorCode.BAD_REQUEST);
      }
    }
  }

  private IngestResult decode(byte[] body, IngestParameters parameters, IngestLimits limits)
      throws IOException {
    return new DecoderLokiProtobuf(limits, new StreamCache())
        .decode(new ByteArrayInputStream(body), parameters, records::addAll);
  }

  // ---- encoding, field by field as Loki's push.proto numbers them ----

  static byte[] pushRequest(byte[]... streams) {
    return message(
        out -> {
          for (byte[] stream : streams) {
            out.writeByteArray(1, stream);
          }
        });
  }

  static byte[] stream(String labels, byte[]... entries) {
    return message(
        out -> {
          out.writeString(1, labels);
          for (byte[] entry : entries) {
            out.writeByteArray(2, entry);
          }
        });
  }

  /** An entry; {@code metadata} alternates names and values. */
  static byte[] entry(long seconds, int nanos, String line, String... metadata) {
    return message(
        out -> {
          out.writeByteArray(
              1,
              message(
                  timestamp -> {
                    timestamp.writeInt64(1, seconds);
                    timestamp.writeInt32(2, nanos);
                  }));
          out.writeString(2, line);
          for (int index = 0; index < metadata.length; index += 2) {
            String name = metadata[index];
            String value = metadata[index + 1];
            out.writeByteArray(
                3,
                message(
                    pair -> {
                      pair.writeString(1, name);
                      pair.writeString(2, value);
                    }));
          }
        });
  }

  interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }
}
