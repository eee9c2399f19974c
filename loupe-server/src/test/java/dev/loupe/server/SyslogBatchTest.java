package dev.loupe.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.decode.DecoderSyslog;
import dev.loupe.ingest.decode.SyslogOptions;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogBatchTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  @TempDir Path directory;
  private final List<List<LogRecord>> batches = new ArrayList<>();

  private SyslogBatch batch(ServerMetrics metrics, dev.loupe.ingest.BatchSink sink) {
    DecoderSyslog decoder =
        new DecoderSyslog(
            SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC),
            IngestLimits.defaults(),
            new StreamCache());
    return new SyslogBatch(decoder, sink, CLOCK, metrics, "test");
  }

  private static void frame(SyslogBatch batch, String message) {
    byte[] bytes = message.getBytes(UTF_8);
    batch.frame(bytes, 0, bytes.length, bytes.length);
  }

  @Test
  void handsOnOneBatchPerFlushAndCountsIt() {
    try (Storage storage =
        Storage.open(StorageConfig.defaults(directory).withMinFreeDiskBytes(0), CLOCK)) {
      ServerMetrics metrics = new ServerMetrics(storage);
      SyslogBatch batch = batch(metrics, batches::add);

      batch.startRead();
      frame(batch, "<13>1 - h a - - - one");
      frame(batch, "not syslog");
      assertThat(batch.pending()).isEqualTo(2);
      batch.flush();
      batch.flush();

      assertThat(batches).hasSize(1);
      assertThat(batches.getFirst())
          .extracting(LogRecord::message)
          .containsExactly("one", "not syslog");
      long received = CLOCK.instant().getEpochSecond() * 1_000_000_000L;
      assertThat(batches.getFirst())
          .extracting(LogRecord::timeNanos)
          .containsExactly(received, received + 1);
      assertThat(metrics.syslogMessagesAccepted.sum()).isEqualTo(2);
      assertThat(metrics.syslogMessagesMalformed.sum()).isEqualTo(1);
    }
  }

  @Test
  void aRefusedBatchIsCountedAsRejectedAndReachesTheCaller() {
    try (Storage storage =
        Storage.open(StorageConfig.defaults(directory).withMinFreeDiskBytes(0), CLOCK)) {
      ServerMetrics metrics = new ServerMetrics(storage);
      SyslogBatch batch =
          batch(
              metrics,
              refused -> {
                throw new LoupeException(ErrorCode.INSUFFICIENT_STORAGE, "disk full");
              });
      batch.startRead();
      frame(batch, "<13>1 - h a - - - one");

      assertThatThrownBy(batch::flush).hasMessage("disk full");
      assertThat(metrics.syslogMessagesRejected.sum()).isEqualTo(1);
      assertThat(metrics.syslogMessagesAccepted.sum()).isZero();
      assertThat(batch.pending()).isZero();
    }
  }

  @Test
  void anUnfinishedFrameIsCountedAsRejected() {
    try (Storage storage =
        Storage.open(StorageConfig.defaults(directory).withMinFreeDiskBytes(0), CLOCK)) {
      ServerMetrics metrics = new ServerMetrics(storage);

      batch(metrics, batches::add).rejected("the connection closed after 1 of the 9 bytes");

      assertThat(metrics.syslogMessagesRejected.sum()).isEqualTo(1);
      assertThat(batches).isEmpty();
    }
  }
}
