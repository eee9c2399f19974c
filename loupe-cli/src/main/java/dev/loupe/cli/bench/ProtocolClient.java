package dev.loupe.cli.bench;

import java.io.IOException;
import java.util.List;

/**
 * The bench's client of one protocol: the flags that turn the protocol on in {@code loupe serve},
 * the encoding of data set lines into the protocol's wire format (done before the timed send), and
 * connections that send encoded batches. {@link #encode} is pure and thread-safe; each sending
 * thread opens its own {@link Sender}.
 */
interface ProtocolClient extends AutoCloseable {
  /** Extra {@code loupe serve} arguments that turn the protocol on. */
  List<String> serverArguments();

  /** Encodes {@code lines} (at least one) into one batch of the wire format. */
  WireBatch encode(List<ProtocolLine> lines);

  /** A connection for one sending thread, to the server on {@code httpPort}. */
  Sender connect(int httpPort) throws IOException;

  /** Releases what the client holds across connections (Kafka's producer); nothing by default. */
  @Override
  default void close() throws IOException {}

  /** One sending thread's connection. */
  interface Sender extends AutoCloseable {
    /**
     * Sends a batch and returns once the protocol acknowledges it (the HTTP answer; for Kafka the
     * broker's acks; for syslog over TCP, which has no acknowledgement, once it is written to the
     * socket). Returns the lines the server accepted; throws on refusal.
     */
    long send(WireBatch batch) throws IOException, InterruptedException;

    @Override
    void close() throws IOException;
  }
}
