package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints how many typical syslog messages a second {@link SyslogFramer} and {@link DecoderSyslog}
 * frame and decode on one core; asserts only that every message was decoded, never a speed (CI
 * machines vary). Run alone for a figure: {@code ./mvnw -pl loupe-ingest -am test
 * -Dtest=DecoderSyslogRateTest -Dsurefire.failIfNoSpecifiedTests=false -Dloupe.rate.lines=2000000}.
 */
class DecoderSyslogRateTest {
  private static final int MESSAGES = Integer.getInteger("loupe.rate.lines", 50_000);
  private static final int ROUNDS = 5;
  private static final int READ_BYTES = 32 << 10;

  @Test
  void printsFrameAndDecodeRateOfTypicalMessages() {
    byte[] stream = typicalStream(MESSAGES);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double bestPerCpuSecond = 0;
    long leastAllocated = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      DecoderSyslog decoder =
          new DecoderSyslog(
              SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC),
              IngestLimits.defaults(),
              new StreamCache());
      long[] decoded = new long[1];
      SyslogFramer.FrameSink sink =
          new SyslogFramer.FrameSink() {
            @Override
            public void frame(byte[] bytes, int offset, int length, long originalLength) {
              decoder.decode(bytes, offset, length, originalLength, 0);
              decoded[0]++;
            }

            @Override
            public void rejected(String reason) {
              throw new AssertionError(reason);
            }
          };
      SyslogFramer framer = new SyslogFramer(Limits.DEFAULT_SYSLOG_MAX_MESSAGE_BYTES);
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long cpuBefore = threads.getCurrentThreadCpuTime();
      for (int offset = 0; offset < stream.length; offset += READ_BYTES) {
        framer.feed(stream, offset, Math.min(READ_BYTES, stream.length - offset), sink);
      }
      framer.finish(sink);
      long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      leastAllocated =
          Math.min(leastAllocated, threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
      assertThat(decoded[0]).isEqualTo(MESSAGES);
      assertThat(decoder.malformed()).isZero();
      bestPerCpuSecond = Math.max(bestPerCpuSecond, MESSAGES * 1e9 / cpu);
    }
    System.out.printf(
        Locale.ROOT,
        "DecoderSyslog: %,.0f messages a second of thread cpu time (%d octet-counted RFC 5424"
            + " messages of %d bytes on average, best of %d rounds), %,d bytes allocated a"
            + " message%n",
        bestPerCpuSecond,
        MESSAGES,
        stream.length / MESSAGES,
        ROUNDS,
        leastAllocated / MESSAGES);
  }

  /** Octet-counted RFC 5424 messages as rsyslog forwards them: ~150 bytes, one SD element. */
  static byte[] typicalStream(int messages) {
    StringBuilder stream = new StringBuilder(messages * 170);
    String[] apps = {"sshd", "cron", "nginx", "kernel"};
    for (int index = 0; index < messages; index++) {
      String message =
          String.format(
              Locale.ROOT,
              "<%d>1 2026-11-22T04:%02d:%02d.%06dZ web-%d %s %d - [meta seq=\"%d\"] GET"
                  + " /api/v1/items/%d 200 %d bytes in %d ms",
              (index % 24) * 8 + index % 8,
              index / 60 % 60,
              index % 60,
              index % 1_000_000,
              index % 8,
              apps[index % 4],
              1000 + index % 50,
              index,
              index % 997,
              index % 5000,
              index % 300);
      stream.append(message.length()).append(' ').append(message);
    }
    return stream.toString().getBytes(StandardCharsets.UTF_8);
  }
}
