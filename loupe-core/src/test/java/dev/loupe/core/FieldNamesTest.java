package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldNamesTest {

  // The derived names are user-visible and stored; they are spelled out here rather than taken
  // from the constants, so that renaming a constant's value fails this test.
  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @CsvSource({
    "_time,          true",
    "_msg,           true",
    "_stream,        true",
    "_stream_id,     true",
    "_tenant,        true",
    "time,           false",
    "msg,            false",
    "_Time,          false",
    "_MSG,           false",
    "_message,       false",
    "_stream_fields, false",
    "_streamid,      false",
    "'_msg ',        false",
    "' _msg',        false",
    "_,              false",
    "'',             false",
  })
  void derivedNamesAreExactlyTheFiveBuiltIns(String name, boolean expected) {
    assertThat(FieldNames.isDerived(name)).isEqualTo(expected);
  }

  @Test
  void constantsHoldTheNamesUsersSee() {
    assertThat(
            List.of(
                FieldNames.TIME,
                FieldNames.MESSAGE,
                FieldNames.STREAM,
                FieldNames.STREAM_ID,
                FieldNames.TENANT))
        .containsExactly("_time", "_msg", "_stream", "_stream_id", "_tenant")
        .allMatch(FieldNames::isDerived);
  }
}
