package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.IngestResult;
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

  /** Characters of a generated id: 15 bytes in URL-safe base64 without padding. */
  public static final int GENERATED_ID_CHARS = 20;

  private static final char[] URL_SAFE_BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

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

  /** True when the client gave the item at {@code position} its own {@code _id}. */
  public boolean hasGivenId(int position) {
    return items.get(position).id() != null;
  }

  /**
   * Writes the generated id of the item at {@code position} into {@code target[0, 20)}, without
   * making a string: a response writes one per document, so the handler reuses one buffer for all.
   * The same characters as {@link #responseId} gives.
   */
  public void generatedId(int position, char[] target) {
    // 15 bytes: the receive time (8), the request number (3), the position (4), big-endian; as
    // base64, five groups of three bytes become twenty characters.
    for (int group = 0; group < 5; group++) {
      int bits =
          (idByte(position, group * 3) << 16)
              | (idByte(position, group * 3 + 1) << 8)
              | idByte(position, group * 3 + 2);
      int at = group * 4;
      target[at] = URL_SAFE_BASE64[(bits >>> 18) & 0x3F];
      target[at + 1] = URL_SAFE_BASE64[(bits >>> 12) & 0x3F];
      target[at + 2] = URL_SAFE_BASE64[(bits >>> 6) & 0x3F];
      target[at + 3] = URL_SAFE_BASE64[bits & 0x3F];
    }
  }

  private String generatedId(int position) {
    char[] id = new char[GENERATED_ID_CHARS];
    generatedId(position, id);
    return new String(id);
  }

  /** Byte {@code index} (0 to 14) of the generated id's 15 bytes. */
  private int idByte(int position, int index) {
    if (index < 8) {
      return (int) (idSeed.receiveTimeNanos() >>> (8 * (7 - index))) & 0xFF;
    }
    if (index < 11) {
      return (int) (idSeed.requestNumber() >>> (8 * (10 - index))) & 0xFF;
    }
    return (position >>> (8 * (14 - index))) & 0xFF;
  }
}
