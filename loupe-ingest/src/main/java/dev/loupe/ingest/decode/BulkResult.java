package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.IngestResult;
import java.util.Base64;
import java.util.List;

/**
 * What became of an Elasticsearch {@code _bulk} body: the counts every decoder gives, and one item
 * per action for the response.
 *
 * <p>Documents sent without an {@code _id} get one in the response, as Elasticsearch gives them: 20
 * URL-safe base64 characters. Loupe stores no document ids, so these are made when asked for, from
 * the receive time, a per-decoder request number and the item's position, which keeps them unique
 * within a server's life without holding a string per item.
 *
 * @param summary accepted and rejected counts and the first errors with their line numbers
 * @param items one per action, in body order
 * @param idSeed the receive time and request number the generated ids are made from
 */
public record BulkResult(IngestResult summary, List<BulkItem> items, IdSeed idSeed) {

  /** Where generated ids come from: the request's receive time and its number. */
  public record IdSeed(long receiveTimeNanos, long requestNumber) {}

  private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();

  public BulkResult {
    requireNonNull(summary, "summary is null");
    items = List.copyOf(items);
    requireNonNull(idSeed, "idSeed is null");
  }

  /** True when any item failed: the {@code errors} flag of the response. */
  public boolean hasErrors() {
    return summary.rejected() > 0;
  }

  /** The {@code _id} of the item at {@code position}: the client's, or a generated one. */
  public String responseId(int position) {
    String given = items.get(position).id();
    return given != null ? given : generatedId(position);
  }

  private String generatedId(int position) {
    byte[] bytes = new byte[15];
    putBytes(bytes, 0, idSeed.receiveTimeNanos(), 8);
    putBytes(bytes, 8, idSeed.requestNumber(), 3);
    putBytes(bytes, 11, position, 4);
    return ID_ENCODING.encodeToString(bytes);
  }

  private static void putBytes(byte[] target, int offset, long value, int count) {
    for (int index = 0; index < count; index++) {
      target[offset + index] = (byte) (value >>> (8 * (count - 1 - index)));
    }
  }
}
