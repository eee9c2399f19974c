package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelsTest {
  @ParameterizedTest
  @CsvSource({
    "ERROR, error",
    "err, error",
    "E, error",
    " Warning , warn",
    "WARN, warn",
    "notice, info",
    "INFO, info",
    "crit, fatal",
    "emerg, fatal",
    "DEBUG, debug",
    "finest, trace",
    "3, error",
    "4, warn",
    "7, debug",
    "0, fatal",
    "50, error",
    "30, info",
    "10, trace",
    "60, fatal"
  })
  void knownSpellingsBecomeOneName(String raw, String expected) {
    assertThat(Levels.normalise(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "loud", "8", "35", "100", "-1", "errors"})
  void unknownValuesAreNotLevels(String raw) {
    assertThat(Levels.normalise(raw)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"0, fatal", "2, fatal", "3, error", "4, warn", "5, info", "6, info", "7, debug"})
  void syslogSeverities(int severity, String expected) {
    assertThat(Levels.fromSyslogSeverity(severity)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 8})
  void syslogSeverityOutOfRangeIsRefused(int severity) {
    assertThatThrownBy(() -> Levels.fromSyslogSeverity(severity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..7");
  }

  @ParameterizedTest
  @CsvSource({
    "1, trace",
    "4, trace",
    "5, debug",
    "8, debug",
    "9, info",
    "12, info",
    "13, warn",
    "16, warn",
    "17, error",
    "20, error",
    "21, fatal",
    "24, fatal"
  })
  void openTelemetrySeverityNumbers(int severityNumber, String expected) {
    assertThat(Levels.fromOpenTelemetrySeverity(severityNumber)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 25, 100})
  void openTelemetrySeverityOutsideTheModelIsNoLevel(int severityNumber) {
    assertThat(Levels.fromOpenTelemetrySeverity(severityNumber)).isNull();
  }

  @org.junit.jupiter.api.Test
  void nullIsNotALevel() {
    assertThat(Levels.normalise(null)).isNull();
  }
}
