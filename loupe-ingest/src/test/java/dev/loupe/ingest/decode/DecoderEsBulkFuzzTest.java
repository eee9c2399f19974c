package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seeded random damage to real bulk and Loki JSON bodies: the decoders must answer every body with
 * a result (or BAD_REQUEST for Loki's structure), never another exception, and the ES decoder must
 * keep its invariants: one item per action, stored documents counted exactly. Runs for a bounded
 * number of rounds in CI; more with {@code -Dloupe.fuzz.rounds=200000}, another seed with {@code
 * -Dloupe.fuzz.seed=N}.
 */
class DecoderEsBulkFuzzTest {
  private static final int ROUNDS = Integer.getInteger("loupe.fuzz.rounds", 3000);
  private static final long SEED = Long.getLong("loupe.fuzz.seed", 20261122L);
  private static final IngestParameters PARAMETERS =
      IngestParameters.defaults(1_700_000_000_000_000_000L)
          .withTimeFields(DecoderEsBulk.DEFAULT_TIME_FIELDS)
          .withMessageFields(DecoderEsBulk.DEFAULT_MESSAGE_FIELDS);
  private static final String BULK =
      """
      {"create":{"_index":"logs","_id":"a"}}
      {"@timestamp":"2026-11-22T10:00:00Z","message":"one","http":{"status":500},"tags":[1,2]}
      {"index":{"_index":"logs"}}
      {"message":"two"}
      {"delete":{"_index":"logs","_id":"a"}}
      {"update":{"_index":"logs","_id":"a"}}
      {"doc":{"message":"x"}}
      {"create":{}}
      {"message":"three","@timestamp":1700000000123}
      """;
  private static final String LOKI =
      """
      {"streams":[{"stream":{"job":"a","host":"h"},"values":[["1","one"],["2","two",{"k":"v"}]]},
                  {"values":[["3","three"]],"stream":{"job":"b"}}]}
      """;

  @Test
  void damagedBulkBodiesAlwaysGiveOneItemPerActionAndCountWhatTheyStore() throws IOException {
    Random random = new Random(SEED);
    DecoderEsBulk decoder =
        new DecoderEsBulk(new IngestLimits(1 << 20, 512, 8, 10), new StreamCache(), 2, 1 << 20);
    byte[] good = BULK.getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] damaged = damage(good, random);
      AtomicLong stored = new AtomicLong();
      BulkResult result =
          decoder.decodeBulk(
              new ByteArrayInputStream(damaged),
              PARAMETERS,
              round % 2 == 0 ? "fallback" : null,
              batch -> stored.addAndGet(batch.size()));
      String context = "seed " + SEED + " round " + round;
      long created = result.items().stream().filter(item -> !item.failed()).count();
      assertThat(created).as(context).isEqualTo(result.summary().accepted());
      assertThat(stored.get()).as(context).isEqualTo(result.summary().accepted());
      assertThat(result.items().size())
          .as(context)
          .isEqualTo(result.summary().accepted() + result.summary().rejected());
      assertThat(result.hasErrors()).as(context).isEqualTo(result.summary().rejected() > 0);
    }
  }

  @Test
  void damagedLokiJsonBodiesGiveAResultOrBadRequest() throws IOException {
    Random random = new Random(SEED);
    DecoderLokiJson decoder =
        new DecoderLokiJson(new IngestLimits(1 << 20, 512, 8, 10), new StreamCache());
    byte[] good = LOKI.getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] damaged = damage(good, random);
      try {
        decoder.decode(new ByteArrayInputStream(damaged), PARAMETERS, batch -> {});
      } catch (LoupeException refused) {
        assertThat(refused.code())
            .as("seed %d round %d", SEED, round)
            .isEqualTo(ErrorCode.BAD_REQUEST);
      }
    }
  }

  /** Flips, inserts or deletes a few bytes, favouring the characters JSON is built of. */
  private static byte[] damage(byte[] good, Random random) {
    byte[] special = "{}[]\":,\n\\ 0".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = good.clone();
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      int at = random.nextInt(bytes.length);
      byte value =
          random.nextBoolean()
              ? special[random.nextInt(special.length)]
              : (byte) random.nextInt(256);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] = value;
        case 1 -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = value;
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
        }
        default -> {
          if (bytes.length > 1) {
            byte[] shorter = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, shorter, 0, at);
            System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
            bytes = shorter;
          }
        }
      }
    }
    return bytes;
  }
}
