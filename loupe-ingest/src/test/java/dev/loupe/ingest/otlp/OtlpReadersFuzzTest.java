package dev.loupe.ingest.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target of the OTLP readers and decoder: mutated protobuf and JSON encodings of random
 * requests (bytes flipped, cut, duplicated, inserted) must either be refused as a whole with
 * BAD_REQUEST or decode to records, every record of the message counted as accepted or rejected;
 * nothing else may escape. A seeded generator rather than Jazzer: it needs no agent and no
 * instrumented build. CI runs a bounded number of cases; {@code -Dloupe.fuzz.cases=1000000} runs
 * longer on demand, {@code -Dloupe.fuzz.seed=N} repeats a failure.
 */
class OtlpReadersFuzzTest {
  private static final int CASES = Integer.getInteger("loupe.fuzz.cases", 400);
  private static final String JSON_PUNCTUATION = "{}[]\":,0\\";

  private final DecoderOtlpLogs decoder =
      new DecoderOtlpLogs(
          new IngestLimits(1 << 20, 1 << 10, 50, 10),
          new StreamCache(),
          OtlpStreamLabels.defaults());

  @Test
  void mutatedProtobufBodiesAreDecodedOrRefusedAsAWhole() {
    fuzz(request -> request.toByteArray(), OtlpProtobufLogsReader::read);
  }

  @Test
  void mutatedJsonBodiesAreDecodedOrRefusedAsAWhole() {
    fuzz(OtlpReadersFuzzTest::json, OtlpJsonLogsReader::read);
  }

  private void fuzz(
      Function<ExportLogsServiceRequest, byte[]> encode, Function<byte[], OtlpLogsRequest> read) {
    long seed = Long.getLong("loupe.fuzz.seed", 20261122L);
    Random random = new Random(seed);
    int decoded = 0;
    for (int round = 0; round < CASES; round++) {
      byte[] body = mutate(encode.apply(RandomRequests.request(random, true)), random);
      OtlpLogsRequest request;
      try {
        request = read.apply(body);
      } catch (LoupeException refused) {
        assertThat(refused.code())
            .as("seed %d round %d: %s", seed, round, refused.getMessage())
            .isEqualTo(ErrorCode.BAD_REQUEST);
        continue;
      }
      List<LogRecord> stored = new ArrayList<>();
      IngestResult result = decoder.decode(request, "default", 1, stored::addAll);
      assertThat(result.accepted() + result.rejected())
          .as("seed %d round %d", seed, round)
          .isEqualTo(recordCount(request.message()));
      assertThat(stored).hasSize((int) result.accepted());
      decoded++;
    }
    assertThat(decoded).as("seed %d: some mutated bodies still decode", seed).isPositive();
  }

  private static byte[] json(ExportLogsServiceRequest request) {
    try {
      return JsonFormat.printer().print(request).getBytes(UTF_8);
    } catch (com.google.protobuf.InvalidProtocolBufferException impossible) {
      throw new AssertionError(impossible);
    }
  }

  /** None, one or a few mutations; an unmutated body checks the happy path under the same rules. */
  private static byte[] mutate(byte[] body, Random random) {
    byte[] mutated = body;
    for (int count = random.nextInt(4); count > 0 && mutated.length > 0; count--) {
      int at = random.nextInt(mutated.length);
      mutated =
          switch (random.nextInt(4)) {
            case 0 -> {
              byte[] copy = mutated.clone();
              copy[at] = (byte) random.nextInt(256);
              yield copy;
            }
            case 1 -> Arrays.copyOf(mutated, at);
            case 2 -> {
              int length = Math.min(mutated.length - at, 1 + random.nextInt(16));
              byte[] copy = Arrays.copyOf(mutated, mutated.length + length);
              System.arraycopy(mutated, at, copy, mutated.length, length);
              yield copy;
            }
            default -> {
              byte[] copy = new byte[mutated.length + 1];
              System.arraycopy(mutated, 0, copy, 0, at);
              copy[at] = (byte) JSON_PUNCTUATION.charAt(random.nextInt(JSON_PUNCTUATION.length()));
              System.arraycopy(mutated, at, copy, at + 1, mutated.length - at);
              yield copy;
            }
          };
    }
    return mutated;
  }

  private static long recordCount(ExportLogsServiceRequest request) {
    long count = 0;
    for (ResourceLogs resource : request.getResourceLogsList()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        count += scope.getLogRecordsCount();
      }
    }
    return count;
  }
}
