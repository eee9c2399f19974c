package dev.loupe.ingest.body;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The raw request body, remembering whether reading it ever failed. A decompressor passes the
 * failures of its source on as plain {@link IOException}s, just like its own complaints about
 * corrupt data; this flag is how {@link BodyInputStream} tells "the client went away" from "the
 * client sent garbage".
 *
 * <p>Closing it does nothing: a decompressor closes its source when it is closed, and the raw body
 * is closed by {@link BodyInputStream#close()} alone, not as a side effect of reaching the end.
 */
final class SourceInputStream extends FilterInputStream {
  private boolean failed;

  SourceInputStream(InputStream raw) {
    super(raw);
  }

  boolean failed() {
    return failed;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException error) {
      failed = true;
      throw error;
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      return in.read(buffer, offset, length);
    } catch (IOException error) {
      failed = true;
      throw error;
    }
  }

  @Override
  public void close() {
    // Deliberately empty; see the class comment.
  }

  @Override
  public long skip(long count) throws IOException {
    try {
      return super.skip(count);
    } catch (IOException error) {
      failed = true;
      throw error;
    }
  }
}
