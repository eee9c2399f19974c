package dev.loupe.query.filter;

import static dev.loupe.query.testing.Records.record;
import static dev.loupe.query.testing.Records.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Stream;
import dev.loupe.query.testing.FilterRows;
import dev.loupe.query.testing.InMemoryBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterIpTest {
  private static final Stream API = stream("api");

  private static InMemoryBlock withIp(String ip) {
    return InMemoryBlock.of(record(API, 1, "row", "ip", ip));
  }

  private static boolean matches(String network, String ip) {
    return !FilterRows.matchingMessages(new FilterIp("ip", network), withIp(ip)).isEmpty();
  }

  @ParameterizedTest(name = "{1} in {0} -> {2}")
  @CsvSource({
    "10.0.0.0/8, 10.1.2.3, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "10.0.0.0/8, 010.1.2.3, false",
    "10.0.0.0/8, 10.1.2, false",
    "10.0.0.0/8, 10.1.2.3:80, false",
    "10.0.0.0/8, not an ip, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7, 192.168.1.70, false",
    "0.0.0.0/0, 8.8.8.8, true",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "10.1.2.3/8, 10.200.0.1, true",
    "2001:db8::/32, 2001:db8::1, true",
    "2001:db8::/32, 2001:0db8:0000:0000:0000:0000:0000:0001, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8::/32, 10.0.0.1, false",
    "::1, ::1, true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "::ffff:0:0/96, ::ffff:10.0.0.1, true",
    "10.0.0.0/8, ::ffff:10.0.0.1, false",
    "fe80::/10, fe80::1:2, true",
    "fe80::/10, fec0::1, false",
    "::/0, 1:2:3:4:5:6:7:8, true",
    "::/0, 1:2:3:4:5:6:7:8:9, false",
    "::/0, 1::2::3, false",
  })
  void matchesAddressesInTheNetwork(String network, String ip, boolean expected) {
    assertThat(matches(network, ip)).isEqualTo(expected);
  }

  @Test
  void skipsBlocksByTheWholeOctetsOfAnIpv4Prefix() {
    assertThat(new FilterIp("ip", "10.0.0.0/8").verdict(withIp("10.9.9.9")))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(new FilterIp("ip", "10.0.0.0/8").verdict(withIp("11.9.9.9")))
        .isEqualTo(BlockVerdict.NO_ROWS);
    assertThat(new FilterIp("ip", "192.168.0.0/16").verdict(withIp("192.1.168.1")))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(new FilterIp("ip", "10.0.0.0/7").verdict(withIp("11.9.9.9")))
        .isEqualTo(BlockVerdict.SOME_ROWS);
    assertThat(new FilterIp("other", "10.0.0.0/8").verdict(withIp("10.9.9.9")))
        .isEqualTo(BlockVerdict.NO_ROWS);
  }

  @Test
  void rejectsBadNetworks() {
    for (String bad : new String[] {"10.0.0.0/33", "300.0.0.1", "10.0.0", "::/129", "x", "1/a"}) {
      assertThatThrownBy(() -> new FilterIp("ip", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void comparesByFieldAndNetworkText() {
    assertThat(new FilterIp("a", "10.0.0.0/8"))
        .isEqualTo(new FilterIp("a", "10.0.0.0/8"))
        .hasSameHashCodeAs(new FilterIp("a", "10.0.0.0/8"))
        .isNotEqualTo(new FilterIp("a", "10.0.0.0/9"));
  }
}
