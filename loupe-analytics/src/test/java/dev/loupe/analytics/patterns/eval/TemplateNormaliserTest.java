package dev.loupe.analytics.patterns.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateNormaliserTest {
  @ParameterizedTest(name = "{0} => {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          `  a   b  `                  => a b
          size 42                      => size <*>
          v1.2                         => v1.<*>
          blk_<*>                      => <*>
          <*>.<*>.<*>                  => <*>
          from <*>:<*>                 => from <*>
          <*>/<*>                      => <*>
          /var/<*>                     => /var/<*>
          x<*>y end                    => <*> end
          <*><*>                       => <*>
          tag "<*>" end                => tag <*> end
          a #<*> b                     => a <*> b
          user=<*>##<*>                => user=<*>##<*>
          [<*>]                        => [<*>]
          ALERT exited abnormally with [1] => ALERT exited abnormally with [<*>]
          """)
  void normalisesAsLoghub2Does(String template, String normalised) {
    assertThat(TemplateNormaliser.normalise(template)).isEqualTo(normalised);
  }
}
