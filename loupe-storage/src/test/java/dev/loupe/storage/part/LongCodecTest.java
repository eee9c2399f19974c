package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LongCodecTest {

  @Property(tries = 500)
  void anyLongsRoundTrip(@ForAll @Size(max = 300) List<Long> values) {
    assertRoundTrip(values.stream().mapToLong(Long::longValue).toArray());
  }

  @Property(tries = 300)
  void extremesAndNarrowBandsRoundTrip(
      @ForAll @Size(max = 200) List<@From("mixedLongs") Long> values) {
    assertRoundTrip(values.stream().mapToLong(Long::longValue).toArray());
  }

  @Property(tries = 200)
  void sortedTimestampsRoundTrip(
      @ForAll("timestamps") long start, @ForAll @Size(max = 300) List<Integer> gapsMillis) {
    long[] times = new long[gapsMillis.size()];
    long time = start;
    for (int i = 0; i < times.length; i++) {
      time += Math.abs((long) gapsMillis.get(i) % 5000) * 1_000_000L;
      times[i] = time;
    }
    assertRoundTrip(times);
  }

  @Provide
  Arbitrary<Long> mixedLongs() {
    return Arbitraries.oneOf(
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L, Long.MIN_VALUE + 1),
        Arbitraries.longs().between(-1000, 1000),
        Arbitraries.longs().between(1_700_000_000_000_000_000L, 1_700_000_010_000_000_000L),
        Arbitraries.longs());
  }

  @Provide
  Arbitrary<Long> timestamps() {
    return Arbitraries.longs().between(-1_000_000_000_000_000_000L, 4_000_000_000_000_000_000L);
  }

  @Test
  void choosesFrameOfReferenceForUnsortedNarrowValues() {
    long[] statuses = {200, 404, 200, 500, 201, 302, 200, 503, 200, 404, 200, 200};
    assertThat(encode(statuses)).isEqualTo(ColumnEncoding.INTEGER_FRAME_OF_REFERENCE);
    assertRoundTrip(statuses);
  }

  @Test
  void choosesDeltaForSortedNanosecondTimes() {
    java.util.Random random = new java.util.Random(7);
    long[] times = new long[100];
    long time = 1_763_000_000_123_456_789L;
    for (int i = 0; i < times.length; i++) {
      time += random.nextInt(1 << 13);
      times[i] = time;
    }
    assertThat(encode(times)).isEqualTo(ColumnEncoding.INTEGER_DELTA);
  }

  @Test
  void choosesDeltaOfDeltaForSteadilyGrowingSteps() {
    long[] values = LongStream.range(0, 200).map(i -> 1_000_000L + 1000 * i + i * i).toArray();
    assertThat(encode(values)).isEqualTo(ColumnEncoding.INTEGER_DELTA_OF_DELTA);
    assertRoundTrip(values);
  }

  @Test
  void scalesMillisecondTimesToOneBytePerValue() {
    long[] times =
        LongStream.range(0, 1000).map(i -> 1_763_000_000_000_000_000L + i * 3_000_000L).toArray();
    ByteSink sink = new ByteSink(16);
    LongCodec.encode(times, times.length, sink);
    assertThat(sink.size()).isLessThan(1100);
    assertRoundTrip(times);
  }

  @Test
  void scaleIsTheCommonDivisorOfOffsets() {
    long[] values = {1000, 4000, 7000, 10_000};
    assertThat(LongCodec.scaleOf(values, 4, 1000, 10_000)).isEqualTo(3000);
    long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE};
    assertThat(LongCodec.scaleOf(extremes, 2, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(1);
  }

  @Test
  void constantColumnTakesAFewBytes() {
    long[] values = new long[4096];
    java.util.Arrays.fill(values, 42);
    ByteSink sink = new ByteSink(16);
    LongCodec.encode(values, values.length, sink);
    assertThat(sink.size()).isLessThan(8);
    assertRoundTrip(values);
  }

  @Test
  void truncatedInputIsMalformed() {
    long[] values = {5, 900_000, -77, 12, 3};
    ByteSink sink = new ByteSink(16);
    ColumnEncoding encoding = LongCodec.encode(values, values.length, sink);
    ByteSource truncated = new ByteSource(sink.array(), 0, sink.size() - 1);
    assertThatThrownBy(() -> LongCodec.decode(encoding, truncated, new long[5], 5))
        .isInstanceOf(MalformedPartException.class);
  }

  private static ColumnEncoding encode(long[] values) {
    return LongCodec.encode(values, values.length, new ByteSink(16));
  }

  private static void assertRoundTrip(long[] values) {
    ByteSink sink = new ByteSink(16);
    ColumnEncoding encoding = LongCodec.encode(values, values.length, sink);
    ByteSource source = new ByteSource(sink.array(), 0, sink.size());
    long[] decoded = new long[values.length];
    LongCodec.decode(encoding, source, decoded, values.length);
    assertThat(decoded).as("encoding %s", encoding).containsExactly(values);
    assertThat(source.remaining()).isZero();
  }
}
