package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldRolesTest {
  private static final int NONE = FieldRoles.NONE;

  private final FieldRoles roles =
      new FieldRoles(
          List.of("_time", "ts", "_time"), List.of("_msg", "ts", "message"), List.of("host", "ts"));

  @Test
  void givesEachNameItsPriorityInEveryRole() {
    assertThat(roles.get("_time")).isEqualTo(new FieldRoles.Role(0, NONE, -1));
    assertThat(roles.get("ts")).isEqualTo(new FieldRoles.Role(1, 1, 1));
    assertThat(roles.get("message")).isEqualTo(new FieldRoles.Role(NONE, 2, -1));
    assertThat(roles.get("host")).isEqualTo(new FieldRoles.Role(NONE, NONE, 0));
    assertThat(roles.get("level")).isNull();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "_time, true",
    "_msg, true",
    "_stream, true",
    "_stream_id, true",
    "_tenant, true",
    "_pattern, true",
    "time, false",
    "'', false"
  })
  void derivedNamesAreTheOnesLoupeSetsItself(String name, boolean derived) {
    assertThat(FieldRoles.isDerivedName(name)).isEqualTo(derived);
  }
}
