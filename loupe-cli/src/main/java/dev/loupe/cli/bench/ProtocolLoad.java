package dev.loupe.cli.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The timed part of one protocol's run: {@code clients} threads, each with its own connection, take
 * the pre-encoded batches in order from a shared index and send them as fast as the protocol
 * acknowledges them; then the calling thread polls {@code /api/v1/hits?query=*} until the server
 * counts every line. Encoding is done before (see {@link ProtocolPhase}), so the client's CPU on
 * this shared machine goes to sending, as a shipper's would.
 *
 * <p>{@link #run} is called once, from one thread.
 */
final class ProtocolLoad {
  /** How often the progress bar is redrawn while sending. */
  private static final long PROGRESS_MILLIS = 200;

  /** How often the count is polled: fine enough for a figure of seconds. */
  private static final long POLL_MILLIS = 50;

  /** What was measured, in nanoseconds from the first send. */
  record Timing(long acknowledgedLines, long acknowledgedNanos, long visibleNanos) {}

  private final ProtocolClient client;
  private final List<WireBatch> batches;
  private final int clients;
  private final int httpPort;
  private final LoupeHttp http;
  private final Duration stallTimeout;

  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong acknowledgedLines = new AtomicLong();
  private final AtomicLong acknowledgedBytes = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * @param stallTimeout how long the visible count may stay the same before the run fails
   */
  ProtocolLoad(
      ProtocolClient client,
      List<WireBatch> batches,
      int clients,
      int httpPort,
      LoupeHttp http,
      Duration stallTimeout) {
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be positive: " + clients);
    }
    this.client = client;
    this.batches = List.copyOf(batches);
    this.clients = clients;
    this.httpPort = httpPort;
    this.http = http;
    this.stallTimeout = stallTimeout;
  }

  Timing run(Progress progress) throws IOException, InterruptedException {
    long expectedLines = batches.stream().mapToLong(WireBatch::lines).sum();
    List<ProtocolClient.Sender> senders = new ArrayList<>();
    try {
      for (int index = 0; index < clients; index++) {
        senders.add(client.connect(httpPort));
      }
      long started = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int index = 0; index < clients; index++) {
        ProtocolClient.Sender sender = senders.get(index);
        threads.add(
            Thread.ofPlatform().name("bench-protocol-" + index).start(() -> sendAll(sender)));
      }
      for (Thread thread : threads) {
        while (!thread.join(Duration.ofMillis(PROGRESS_MILLIS))) {
          progress.update(acknowledgedLines.get(), acknowledgedBytes.get());
        }
      }
      long acknowledgedNanos = System.nanoTime() - started;
      progress.finish(acknowledgedLines.get(), acknowledgedBytes.get());
      throwFailure();
      long visibleNanos = awaitVisible(expectedLines, started);
      return new Timing(acknowledgedLines.get(), acknowledgedNanos, visibleNanos);
    } finally {
      for (ProtocolClient.Sender sender : senders) {
        sender.close();
      }
    }
  }

  private void sendAll(ProtocolClient.Sender sender) {
    try {
      int index;
      while (failure.get() == null && (index = next.getAndIncrement()) < batches.size()) {
        WireBatch batch = batches.get(index);
        acknowledgedLines.addAndGet(sender.send(batch));
        acknowledgedBytes.addAndGet(batch.bytes());
      }
    } catch (IOException | RuntimeException sendFailure) {
      failure.compareAndSet(null, sendFailure);
    } catch (InterruptedException interrupted) {
      failure.compareAndSet(null, interrupted);
    }
  }

  private void throwFailure() throws IOException {
    Exception failed = failure.get();
    if (failed instanceof IOException io) {
      throw io;
    }
    if (failed != null) {
      throw new IOException("sending failed: " + failed, failed);
    }
  }

  /** Polls the count until it reaches {@code expected}; fails when it stalls or overshoots. */
  private long awaitVisible(long expected, long started) throws IOException, InterruptedException {
    long lastCount = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long count = http.hits("*").hits();
      long now = System.nanoTime();
      if (count == expected) {
        return now - started;
      }
      if (count > expected) {
        throw new IOException(
            "the server counts " + count + " lines, more than the " + expected + " sent");
      }
      if (count != lastCount) {
        lastCount = count;
        lastChange = now;
      } else if (now - lastChange > stallTimeout.toNanos()) {
        throw new IOException(
            "only "
                + count
                + " of "
                + expected
                + " lines became visible; the count stayed the same for "
                + stallTimeout.toSeconds()
                + " s");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
