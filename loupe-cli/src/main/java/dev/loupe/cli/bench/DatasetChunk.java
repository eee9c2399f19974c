package dev.loupe.cli.bench;

import java.util.List;

/**
 * One generated chunk of the data set: its raw text and NDJSON in the buffers it was given, and
 * what it holds. The buffers go back to the generator's pool once written.
 */
record DatasetChunk(
    int index,
    int lines,
    ChunkBuffers buffers,
    long commonTermLines,
    long accessLines,
    long appLines,
    long syslogLines,
    List<String> needleLines) {

  /** The two buffers a chunk is written into; reused from chunk to chunk by one writer. */
  record ChunkBuffers(AsciiBuffer raw, AsciiBuffer ndjson) {
    static ChunkBuffers allocate(int lines) {
      // sized from the measured averages (about 200 raw and 470 NDJSON bytes a line) plus slack,
      // so that a chunk rarely grows its buffers
      return new ChunkBuffers(new AsciiBuffer(lines * 256), new AsciiBuffer(lines * 576));
    }
  }
}
