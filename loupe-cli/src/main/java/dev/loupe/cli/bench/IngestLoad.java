package dev.loupe.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The ingest load: {@code clients} threads, each with its own HTTP client and connection, send the
 * NDJSON file in bodies of {@code batchLines} lines as fast as the server acknowledges them. A
 * reader thread cuts the file into bodies ahead of them (a queue of two bodies a client, so sending
 * never waits for the disk); the calling thread draws the progress bar.
 *
 * <p>Each request is timed from send to the full response: the acknowledgement latency, which
 * includes the WAL fsync. Throughput is acknowledged lines over the time from the first request to
 * the last acknowledgement. Any HTTP error stops the load and fails the step.
 *
 * <p>{@link #run} is called once, from one thread.
 */
final class IngestLoad {
  /** How often the progress bar is redrawn and failures are looked for. */
  private static final long PROGRESS_MILLIS = 200;

  private static final BatchReader.Batch END = new BatchReader.Batch(new byte[0], 0);

  private final Path ndjsonFile;
  private final int clients;
  private final int batchLines;
  private final IntFunction<LoupeHttp> httpForClient;

  private final AtomicLong acknowledgedLines = new AtomicLong();
  private final AtomicLong acknowledgedBytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicReference<String> firstRejection = new AtomicReference<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final LatencyRecorder acknowledgements = new LatencyRecorder();

  IngestLoad(Path ndjsonFile, int clients, int batchLines, IntFunction<LoupeHttp> httpForClient) {
    if (clients < 1 || batchLines < 1) {
      throw new IllegalArgumentException(
          "clients and batch lines must be positive: " + clients + ", " + batchLines);
    }
    this.ndjsonFile = ndjsonFile;
    this.clients = clients;
    this.batchLines = batchLines;
    this.httpForClient = httpForClient;
  }

  IngestFigures run(Progress progress) throws IOException, InterruptedException {
    BlockingQueue<BatchReader.Batch> queue = new ArrayBlockingQueue<>(2 * clients);
    Thread reader = Thread.ofPlatform().name("bench-read").start(() -> readInto(queue));
    List<Thread> senders = new ArrayList<>();
    long started = System.nanoTime();
    for (int client = 0; client < clients; client++) {
      LoupeHttp http = httpForClient.apply(client);
      senders.add(
          Thread.ofPlatform().name("bench-client-" + client).start(() -> send(http, queue)));
    }
    try {
      for (Thread sender : senders) {
        while (!sender.join(Duration.ofMillis(PROGRESS_MILLIS))) {
          progress.update(acknowledgedLines.get(), acknowledgedBytes.get());
        }
      }
    } finally {
      reader.interrupt();
      senders.forEach(Thread::interrupt);
      reader.join();
    }
    long nanos = System.nanoTime() - started;
    progress.finish(acknowledgedLines.get(), acknowledgedBytes.get());
    Exception failed = failure.get();
    if (failed instanceof IOException io) {
      throw io;
    }
    if (failed != null) {
      throw new IOException("ingest failed: " + failed, failed);
    }
    return new IngestFigures(
        acknowledgedLines.get(),
        acknowledgedBytes.get(),
        requests.get(),
        rejected.get(),
        firstRejection.get(),
        nanos,
        clients,
        batchLines,
        acknowledgements.summary());
  }

  private void readInto(BlockingQueue<BatchReader.Batch> queue) {
    try (InputStream input = Files.newInputStream(ndjsonFile)) {
      BatchReader batches = new BatchReader(input, batchLines);
      BatchReader.Batch batch;
      while ((batch = batches.next()) != null && failure.get() == null) {
        put(queue, batch);
      }
    } catch (IOException | RuntimeException readFailure) {
      failure.compareAndSet(null, readFailure);
    } catch (InterruptedException interrupted) {
      return;
    }
    try {
      for (int client = 0; client < clients; client++) {
        put(queue, END);
      }
    } catch (InterruptedException interrupted) {
      // stopped: the senders are interrupted too
    }
  }

  /**
   * Puts with a timeout in a loop so that a failed run (nobody taking) does not hang the reader.
   */
  private void put(BlockingQueue<BatchReader.Batch> queue, BatchReader.Batch batch)
      throws InterruptedException {
    while (!queue.offer(batch, PROGRESS_MILLIS, TimeUnit.MILLISECONDS)) {
      if (failure.get() != null) {
        throw new InterruptedException("the load stopped after a failure");
      }
    }
  }

  private void send(LoupeHttp http, BlockingQueue<BatchReader.Batch> queue) {
    try {
      while (failure.get() == null) {
        BatchReader.Batch batch = queue.poll(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
        if (batch == null) {
          continue;
        }
        if (batch == END) {
          return;
        }
        LoupeHttp.IngestAnswer answer = http.ingest(batch.body());
        acknowledgements.record(answer.nanos());
        requests.incrementAndGet();
        acknowledgedLines.addAndGet(answer.accepted());
        acknowledgedBytes.addAndGet(batch.body().length);
        if (answer.rejected() > 0) {
          rejected.addAndGet(answer.rejected());
          firstRejection.compareAndSet(null, answer.firstError());
        }
      }
    } catch (IOException | RuntimeException sendFailure) {
      failure.compareAndSet(null, sendFailure);
    } catch (InterruptedException interrupted) {
      failure.compareAndSet(null, interrupted);
    }
  }
}
