package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenMaskerTest {

  @ParameterizedTest(name = "{0} => {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          terminating                           => terminating
          42                                    => <*>
          -17                                   => <*>
          3.14                                  => <*>
          0x1f                                  => <*>
          7f3a9c2e                              => <*>
          10.251.73.220:50010                   => <*>
          [173.234.31.186]                      => [<*>]
          /10.251.42.84                         => <*>
          /var/log/app.log                      => <*>
          /user/root/part-00590.                => <*>
          ./run.sh                              => <*>
          C:\\Windows\\System32                 => <*>
          https://example.com/a?b=1             => <*>
          alice@example.com                     => <*>
          123e4567-e89b-12d3-a456-426614174000  => <*>
          FF:F2:9F:16:BF:6C:00:0D:60:E9:40:93   => <*>
          blk_38865049064139660                 => <*>
          blk_-6952295868487656571              => <*>
          SKU-00105                             => <*>
          (cart-7f3a91),                        => (<*>),
          http-nio-8080-exec-99                 => <*>
          12ms                                  => <*>
          4KB                                   => <*>
          2026-11-22                            => <*>
          12:34:56,789                          => <*>,<*>
          uid=0                                 => uid=<*>
          (uid=509)                             => (uid=<*>)
          port:8080,                            => port:<*>,
          true                                  => <*>
          NULL                                  => <*>
          root                                  => <*>
          rhost=5.36.59.76.dynamic-dsl.example.net => rhost=<*>
          ec2-52-80-34-196.compute.amazonaws.com => <*>
          proxy.cse.cuhk.edu.hk:5070            => <*>
          <1                                    => <*>
          R02-M1-N0-C:J12-U11                   => <*>-M1-N0-C:<*>
          ssh2                                  => ssh2
          u0                                    => u0
          eth0                                  => eth0
          HTTP/1.1                              => HTTP/1.1
          curl/8.5.0                            => curl/8.5.0
          Chrome/131.0.0.0                      => Chrome/<*>
          HTTP/1.12                             => HTTP/<*>
          deadbeef                              => deadbeef
          java.lang.Thread.run(Thread.java:745) => java.lang.Thread.run(<*>)
          //comment                             => //comment
          /                                     => /
          """)
  void masksVariablePartsOnly(String token, String masked) {
    assertThat(TokenMasker.mask(token)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource({"terminating", "ssh2", "PacketResponder", "HTTP/1.1", "x-request"})
  void returnsTheSameInstanceWhenNothingIsMasked(String token) {
    assertThat(TokenMasker.mask(token)).isSameAs(token);
  }
}
