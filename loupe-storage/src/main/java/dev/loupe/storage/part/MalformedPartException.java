package dev.loupe.storage.part;

/**
 * A structural problem found while decoding part bytes. Decoders throw it without knowing which
 * file or block they decode; {@link Part} catches it and throws a {@link
 * dev.loupe.core.LoupeException} with {@code CORRUPT_DATA} that names the file, block and column.
 */
final class MalformedPartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedPartException(String message) {
    super(message, null, false, false);
  }
}
