package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamIdTest {

  /**
   * FROZEN: stream ids are written to disk (WAL, part indexes) and shown to users. A failure here
   * means the id function changed, which is a format change. The values were computed once, outside
   * Java, with {@code printf 'default\0{service="api"}' | sha256sum} (first 32 hex digits).
   */
  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource({
    "default, '{service=\"api\"}',                    3814c466360e6ac164aad177e3fb07ab",
    "acme,    '{host=\"web-1\",service=\"checkout\"}', 0b43e8d66d35212192511eb87f16e79f",
  })
  void idIsFrozen(String tenant, String canonicalLabels, String expectedHex) {
    assertThat(StreamId.of(tenant, canonicalLabels).toHex()).isEqualTo(expectedHex);
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource({
    "default, '{}'",
    "'',      '{}'",
    "default, ''",
    "acme,    '{service=\"api\"}'",
    "acme,    '{msg=\"say \\\"hi\\\"\"}'",
    "t-1.x,   '{city=\"Zürich\",lang=\"日本語\"}'",
  })
  void idIsTheFirstSixteenBytesOfSha256OverTenantZeroLabels(String tenant, String labels) {
    assertThat(StreamId.of(tenant, labels).toHex()).isEqualTo(referenceHex(tenant, labels));
  }

  @Property(tries = 200)
  void idMatchesTheReferenceForAnyText(@ForAll String tenant, @ForAll String labels) {
    assertThat(StreamId.of(tenant, labels).toHex()).isEqualTo(referenceHex(tenant, labels));
  }

  // The zero byte keeps the tenant/labels boundary: moving characters across it changes the id.
  @ParameterizedTest(name = "[{index}] ({0},{1}) != ({2},{3})")
  @CsvSource({
    "a,  b{}, ab, {}",
    "a,  {},  b,  {}",
    "'', a{}, a,  {}",
  })
  void tenantAndLabelsDoNotRunTogether(
      String firstTenant, String firstLabels, String secondTenant, String secondLabels) {
    assertThat(StreamId.of(firstTenant, firstLabels))
        .isNotEqualTo(StreamId.of(secondTenant, secondLabels));
  }

  @ParameterizedTest(name = "[{index}] ({0},{1}) -> {2}")
  @CsvSource({
    "0,                    0,  00000000000000000000000000000000",
    "0,                    1,  00000000000000000000000000000001",
    "1,                    0,  00000000000000010000000000000000",
    "-1,                   -1, ffffffffffffffffffffffffffffffff",
    "-9223372036854775808, 0,  80000000000000000000000000000000",
    "81985529216486895,    -2, 0123456789abcdeffffffffffffffffe",
  })
  void toHexIsThirtyTwoLowerCaseDigitsHighFirst(long high, long low, String expected) {
    StreamId id = new StreamId(high, low);
    assertThat(id.toHex()).isEqualTo(expected).hasSize(32);
    assertThat(id.toString()).isEqualTo(expected);
  }

  // Unsigned: an id whose high bit is set sorts after every id whose high bit is clear.
  @ParameterizedTest(name = "[{index}] ({0},{1}) vs ({2},{3}) -> {4}")
  @CsvSource({
    "0,                    0,  0,                   0, 0",
    "0,                    0,  0,                   1, -1",
    "0,                    -1, 0,                   1, 1",
    "1,                    0,  0,                   -1, 1",
    "-1,                   0,  1,                   0, 1",
    "-9223372036854775808, 0,  9223372036854775807, 0, 1",
    "-2,                   5,  -1,                  0, -1",
  })
  void ordersUnsignedHighThenLow(
      long firstHigh, long firstLow, long secondHigh, long secondLow, int expectedSign) {
    StreamId first = new StreamId(firstHigh, firstLow);
    StreamId second = new StreamId(secondHigh, secondLow);
    assertThat(Integer.signum(first.compareTo(second))).isEqualTo(expectedSign);
    assertThat(Integer.signum(second.compareTo(first))).isEqualTo(-expectedSign);
  }

  @Property(tries = 500)
  void orderIsTheOrderOfTheHexText(
      @ForAll long firstHigh,
      @ForAll long firstLow,
      @ForAll long secondHigh,
      @ForAll long secondLow) {
    StreamId first = new StreamId(firstHigh, firstLow);
    StreamId second = new StreamId(secondHigh, secondLow);
    assertThat(Integer.signum(first.compareTo(second)))
        .isEqualTo(Integer.signum(first.toHex().compareTo(second.toHex())));
  }

  /** Written from the definition, independently of {@link StreamId#of}. */
  private static String referenceHex(String tenant, String labels) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(tenant.getBytes(StandardCharsets.UTF_8));
      sha256.update(new byte[] {0});
      sha256.update(labels.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
