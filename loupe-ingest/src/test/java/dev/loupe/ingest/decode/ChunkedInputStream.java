package dev.loupe.ingest.decode;

import java.io.ByteArrayInputStream;

/**
 * A body that arrives in pieces of at most {@code chunkBytes} bytes per read, as a slow network
 * delivers it; lines then straddle reads at every possible position.
 */
final class ChunkedInputStream extends ByteArrayInputStream {
  private final int chunkBytes;

  ChunkedInputStream(byte[] bytes, int chunkBytes) {
    super(bytes);
    this.chunkBytes = chunkBytes;
  }

  @Override
  public synchronized int read(byte[] buffer, int offset, int length) {
    return super.read(buffer, offset, Math.min(length, chunkBytes));
  }
}
