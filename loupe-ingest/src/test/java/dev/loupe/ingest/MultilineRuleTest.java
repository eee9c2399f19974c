package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultilineRuleTest {
  @ParameterizedTest
  @ValueSource(strings = {"auto", "off", "start:^\\d{4}-", "start:^ +\\[", "start:^\\s"})
  void printsBackToTheTextItWasReadFrom(String text) {
    assertThat(MultilineRule.parse(text).toString()).isEqualTo(text);
    assertThat(MultilineRule.parse(text)).isEqualTo(MultilineRule.parse(text));
  }

  @Test
  void modesAreCaseInsensitiveButPatternsAreKeptAsWritten() {
    assertThat(MultilineRule.parse(" OFF ")).isSameAs(MultilineRule.OFF);
    assertThat(MultilineRule.parse("Auto")).isSameAs(MultilineRule.AUTO);
    MultilineRule rule = MultilineRule.parse("start: x");
    assertThat(rule.mode()).isEqualTo(MultilineRule.Mode.START_PATTERN);
    assertThat(rule.startPattern().pattern()).isEqualTo(" x");
    assertThat(MultilineRule.AUTO.startPattern()).isNull();
  }

  @Test
  void rejectsUnknownModesWithTheAcceptedOnes() {
    assertThatThrownBy(() -> MultilineRule.parse("java"))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessage(
            "unknown multi-line mode \"java\": use auto (join stack traces and indented lines) or"
                + " off");
  }

  @Test
  void rejectsInvalidEmptyAndOverlongPatterns() {
    assertThatThrownBy(() -> MultilineRule.startPattern("^(\\d"))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("invalid start-of-event pattern at character 4: ");
    assertThatThrownBy(() -> MultilineRule.startPattern(""))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("empty start-of-event pattern");
    assertThatThrownBy(
            () -> MultilineRule.startPattern("x".repeat(Limits.MAX_MULTILINE_PATTERN_CHARS + 1)))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("longer than 512 characters");
    assertThat(MultilineRule.startPattern("x".repeat(Limits.MAX_MULTILINE_PATTERN_CHARS)))
        .isNotNull();
  }
}
