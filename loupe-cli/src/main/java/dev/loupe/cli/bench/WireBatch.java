package dev.loupe.cli.bench;

/**
 * What a protocol client sends in one go, encoded before the timed send: one request body or run of
 * frames ({@code parts} of one element), or one Kafka record a part. Not copied: the parts are
 * owned by the batch once made.
 *
 * @param lines the data set lines encoded in it
 */
record WireBatch(byte[][] parts, int lines) {
  static WireBatch of(byte[] body, int lines) {
    return new WireBatch(new byte[][] {body}, lines);
  }

  /** The single body of an HTTP or stream batch. */
  byte[] body() {
    if (parts.length != 1) {
      throw new IllegalStateException("a batch of " + parts.length + " parts has no single body");
    }
    return parts[0];
  }

  long bytes() {
    long total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    return total;
  }
}
