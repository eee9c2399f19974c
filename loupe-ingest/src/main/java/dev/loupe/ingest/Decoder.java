package dev.loupe.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a request body of one wire format into records. Implementations are immutable and
 * thread-safe: one instance serves every request, each {@link #decode} call keeps its state (read
 * buffers, caches of names) to itself.
 *
 * <p>Bad lines are counted and reported in the result, never thrown. What is thrown: {@link
 * dev.loupe.core.LoupeException} with {@code PAYLOAD_TOO_LARGE} when the body exceeds {@link
 * IngestLimits#maxBodyBytes()} (the batches already handed to the sink are stored, the rest of the
 * body is not read; the message says how many records were stored), anything the sink or the body
 * throws ({@code BAD_REQUEST} for a corrupt compressed body), and {@link IOException} when reading
 * the body fails (the client went away). Whatever is thrown, the batches already handed to the sink
 * stay with it: a decoder cannot take them back, and the error status tells the client that the
 * request as a whole failed.
 */
public interface Decoder {
  /**
   * Reads {@code body} to its end, handing records to {@code sink} in batches. Does not close
   * {@code body}: the caller opened it and closes it.
   */
  IngestResult decode(InputStream body, IngestParameters parameters, BatchSink sink)
      throws IOException;
}
