package dev.loupe.storage.part;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link PartMerger} wrote, and how: how much of the input it copied block by block and how
 * much it decoded and encoded again. Not stored anywhere (the part's own summary is {@link #info},
 * whose shape is fixed by the metadata file); for logs, stats and tests.
 *
 * @param info the output part's summary, as stored in its metadata file
 * @param copiedBlocks input blocks copied verbatim (each is one output block)
 * @param copiedRows rows in those blocks
 * @param rewrittenBlocks input blocks whose rows were decoded and encoded again
 * @param rewrittenRows rows in those blocks
 */
public record MergeResult(
    PartInfo info, int copiedBlocks, long copiedRows, int rewrittenBlocks, long rewrittenRows) {
  public MergeResult {
    requireNonNull(info, "info is null");
    if (copiedBlocks < 0 || copiedRows < 0 || rewrittenBlocks < 0 || rewrittenRows < 0) {
      throw new IllegalArgumentException("merge counts must not be negative");
    }
  }
}
