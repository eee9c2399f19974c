package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResultTest {
  private static final BulkResult.IdSeed SEED =
      new BulkResult.IdSeed(1_700_000_000_000_000_000L, 7);

  @Test
  void givenIdsAreAnsweredAsGivenAndMissingOnesAreMadeUpDeterministically() {
    BulkResult result =
        new BulkResult(
            new IngestResult(2, 0, List.of()),
            List.of(
                BulkItem.created(BulkAction.CREATE, "a", "mine"),
                BulkItem.created(BulkAction.CREATE, "a", null)),
            SEED);

    assertThat(result.responseId(0)).isEqualTo("mine");
    assertThat(result.responseId(1))
        .hasSize(20)
        .matches("[A-Za-z0-9_-]+")
        .isEqualTo(result.responseId(1))
        .isNotEqualTo(
            new BulkResult(
                    result.summary(),
                    result.items(),
                    new BulkResult.IdSeed(1_700_000_000_000_000_000L, 8))
                .responseId(1));
  }

  @Test
  void generatedIdsAreTheUrlSafeBase64OfTimeRequestAndPosition() {
    BulkResult result =
        new BulkResult(
            new IngestResult(1, 0, List.of()),
            java.util.Collections.nCopies(70_000, BulkItem.created(BulkAction.CREATE, "a", null)),
            SEED);
    java.util.Base64.Encoder encoder = java.util.Base64.getUrlEncoder().withoutPadding();
    char[] reused = new char[BulkResult.GENERATED_ID_CHARS];

    for (int position : new int[] {0, 1, 255, 256, 65_535, 69_999}) {
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(15);
      bytes.putLong(SEED.receiveTimeNanos());
      bytes.put((byte) (SEED.requestNumber() >>> 16)).put((byte) (SEED.requestNumber() >>> 8));
      bytes.put((byte) SEED.requestNumber()).putInt(position);
      String expected = encoder.encodeToString(bytes.array());
      result.generatedId(position, reused);

      assertThat(result.hasGivenId(position)).isFalse();
      assertThat(result.responseId(position)).isEqualTo(expected);
      assertThat(new String(reused)).isEqualTo(expected);
    }
  }

  @Test
  void errorsFollowTheRejectedCount() {
    BulkResult failed =
        new BulkResult(
            new IngestResult(0, 1, List.of(new LineError(1, "bad"))),
            List.of(
                BulkItem.failed(BulkAction.DELETE, "a", "1", "illegal_argument_exception", "bad")),
            SEED);

    assertThat(failed.hasErrors()).isTrue();
    assertThat(failed.items().getFirst().failed()).isTrue();
    assertThat(failed.items().getFirst().status()).isEqualTo(400);
  }

  @Test
  void anItemErrorNeedsBothTypeAndReason() {
    assertThatThrownBy(() -> new BulkItem(BulkAction.INDEX, "a", null, 400, "type", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BulkAction.ofWireName("create")).isEqualTo(BulkAction.CREATE);
    assertThat(BulkAction.ofWireName("upsert")).isNull();
  }
}
