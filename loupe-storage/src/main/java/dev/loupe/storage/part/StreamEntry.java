package dev.loupe.storage.part;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.core.Tokens;
import java.util.Arrays;

/**
 * A stream of a part with the token hashes of its built-in columns, computed once at open. A
 * block's {@code _stream}, {@code _stream_id} and {@code _tenant} are the same in every row, so
 * these exact sets answer {@link dev.loupe.storage.BlockRef#mayContainToken} without a bloom filter
 * and without false positives. Immutable; thread-safe.
 */
final class StreamEntry {
  private final Stream stream;
  private final long[] labelTokens;
  private final long[] idTokens;
  private final long[] tenantTokens;
  private final String idHex;

  StreamEntry(Stream stream) {
    this.stream = stream;
    // The canonical text's tokens are the label names and values: a superset of the values.
    this.labelTokens = sortedTokens(stream.canonicalLabels());
    this.idTokens = sortedTokens(stream.id().toHex());
    this.tenantTokens = sortedTokens(stream.tenant());
    this.idHex = stream.id().toHex();
  }

  /** The {@code _stream_id} text, made once rather than per row read. */
  String idHex() {
    return idHex;
  }

  Stream stream() {
    return stream;
  }

  /** Whether a built-in column of this stream has the token; false for other columns. */
  boolean hasToken(String column, long tokenHash) {
    return switch (column) {
      case FieldNames.STREAM -> Arrays.binarySearch(labelTokens, tokenHash) >= 0;
      case FieldNames.STREAM_ID -> Arrays.binarySearch(idTokens, tokenHash) >= 0;
      case FieldNames.TENANT -> Arrays.binarySearch(tenantTokens, tokenHash) >= 0;
      default -> false;
    };
  }

  /** The distinct token hashes of {@code text}, sorted for binary search. */
  private static long[] sortedTokens(String text) {
    long[][] collected = {new long[8]};
    int[] count = {0};
    Tokens.forEachHash(
        text,
        hash -> {
          if (count[0] == collected[0].length) {
            collected[0] = Arrays.copyOf(collected[0], count[0] * 2);
          }
          collected[0][count[0]++] = hash;
        });
    long[] sorted = Arrays.copyOf(collected[0], count[0]);
    Arrays.sort(sorted);
    return Arrays.stream(sorted).distinct().toArray();
  }
}
