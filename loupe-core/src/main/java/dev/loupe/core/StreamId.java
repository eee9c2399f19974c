package dev.loupe.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The 128-bit id of a stream: the first 16 bytes of SHA-256 over the tenant and the canonical label
 * text. SHA-256 ships with every JDK and is stable forever, which matters more here than speed: ids
 * are computed once per distinct stream (callers cache them), and they are written to disk.
 * Ordering is unsigned on (high, low), the order rows are sorted by inside a part.
 */
public record StreamId(long high, long low) implements Comparable<StreamId> {

  public static StreamId of(String tenant, String canonicalLabels) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK ships SHA-256", impossible);
    }
    digest.update(tenant.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    byte[] hash = digest.digest(canonicalLabels.getBytes(StandardCharsets.UTF_8));
    return new StreamId(readLong(hash, 0), readLong(hash, 8));
  }

  private static long readLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  @Override
  public int compareTo(StreamId other) {
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  /** 32 lower-case hex digits. */
  public String toHex() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(high) + hex.toHexDigits(low);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
