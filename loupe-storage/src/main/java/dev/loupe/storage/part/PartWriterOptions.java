package dev.loupe.storage.part;

import com.github.luben.zstd.Zstd;
import dev.loupe.storage.StorageLimits;

/**
 * How a {@link PartWriter} cuts and compresses blocks.
 *
 * @param blockRows the most rows a block holds, 1 to 1 048 576; a block also ends where the stream
 *     changes, and once its text reaches 16 MB
 * @param zstdLevel zstd compression level of column chunks ({@code Zstd.minCompressionLevel()} to
 *     22; 3 is zstd's default)
 */
public record PartWriterOptions(int blockRows, int zstdLevel) {
  public PartWriterOptions {
    if (blockRows < 1 || blockRows > PartFormat.MAX_BLOCK_ROWS) {
      throw new IllegalArgumentException(
          "blockRows must be in [1, " + PartFormat.MAX_BLOCK_ROWS + "]: " + blockRows);
    }
    if (zstdLevel < Zstd.minCompressionLevel() || zstdLevel > Zstd.maxCompressionLevel()) {
      throw new IllegalArgumentException(
          "zstdLevel must be in ["
              + Zstd.minCompressionLevel()
              + ", "
              + Zstd.maxCompressionLevel()
              + "]: "
              + zstdLevel);
    }
  }

  /**
   * {@link StorageLimits#DEFAULT_BLOCK_ROWS} rows, level {@link StorageLimits#DEFAULT_ZSTD_LEVEL}.
   */
  public static PartWriterOptions defaults() {
    return new PartWriterOptions(
        StorageLimits.DEFAULT_BLOCK_ROWS, StorageLimits.DEFAULT_ZSTD_LEVEL);
  }
}
