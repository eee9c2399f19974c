package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoghubTemplateTest {
  @ParameterizedTest(name = "{0} => {1}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          GET <*> completed with status <*> in <*> ms => GET <*> completed with status <*> in <*>
          token expired <*> s ago, refresh required => token expired <*> ago, refresh required
          heap at <*>% (<*> MB of <*> MB) => heap at <*>% (<*> of <*>)
          slow call <*> took <*> ms (threshold 1000 ms) => slow call <*> took <*> (threshold <*>)
          stock of <*> is <*> units in warehouse <*> => stock of <*> is <*> units in warehouse <*>
          listed <*> msgs and <*> s3 objects => listed <*> msgs and <*> s3 objects
          HikariPool-1 - Pool stats (total=10) => HikariPool-<*> - Pool stats (total=<*>)
          GC pause young <*>M-><*>M(<*>M) <*>ms => GC pause young <*>-<*>(<*>) <*>
          """)
  void unitsJoinTheirVariableAndTheScorersNormalFormApplies(String template, String expected) {
    assertThat(LoghubTemplate.of(template)).isEqualTo(expected);
  }
}
