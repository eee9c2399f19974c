package dev.loupe.cli.bench;

/**
 * {@code zstd -3 -T1 -c} of raw.log and of data.ndjson, run in the same bench: output sizes (the
 * disk baseline) and single-threaded speed.
 */
record ZstdFigures(ExternalTool.Run raw, ExternalTool.Run ndjson, long lines) {
  double rawLinesPerSecond() {
    return lines * 1e9 / raw.nanos();
  }

  double ndjsonLinesPerSecond() {
    return lines * 1e9 / ndjson.nanos();
  }
}
