package dev.loupe.cli.bench;

/**
 * Stored size after {@code POST /api/v1/admin/flush?merge=true}, from {@code /health}: bytes and
 * rows of parts (the WAL is not counted), parts left, and how long flush and merges took.
 *
 * @param expectedRows data-set lines plus accepted probe lines
 */
record DiskFigures(
    long partBytes,
    long partRows,
    long parts,
    long walBytes,
    long memtableRows,
    long merges,
    long flushNanos,
    long expectedRows) {

  double bytesPerRow() {
    return partRows == 0 ? Double.NaN : (double) partBytes / partRows;
  }
}
