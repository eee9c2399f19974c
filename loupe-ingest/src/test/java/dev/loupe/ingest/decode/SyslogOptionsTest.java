package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyslogOptionsTest {
  @Test
  void defaultsNameTheStreamByHostAndAppAndLabelTheSource() {
    SyslogOptions options = SyslogOptions.defaults();

    assertThat(options.tenant()).isEqualTo("default");
    assertThat(options.streamFields()).containsExactly("host", "appname");
    assertThat(options.staticLabels()).containsExactly(Map.entry("source", "syslog"));
    assertThat(options.timeZone()).isEqualTo(ZoneId.systemDefault());
  }

  @Test
  void withersChangeOneSettingEach() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("env", "prod");
    labels.put("dc", "fra");

    SyslogOptions options =
        SyslogOptions.defaults()
            .withTenant("ops")
            .withStreamFields(List.of("facility"))
            .withStaticLabels(labels)
            .withTimeZone(ZoneOffset.UTC);

    assertThat(options.tenant()).isEqualTo("ops");
    assertThat(options.streamFields()).containsExactly("facility");
    assertThat(options.staticLabels().keySet()).containsExactly("env", "dc");
    assertThat(options.timeZone()).isEqualTo(ZoneOffset.UTC);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "host", "level", "sd.x.y", "syslog.error", "_msg", "_stream"})
  void refusesStaticLabelsNamedLikeTheDecodersFields(String name) {
    assertThatThrownBy(() -> SyslogOptions.defaults().withStaticLabels(Map.of(name, "x")))
        .isInstanceOf(LoupeException.class)
        .hasMessage(
            "static label name \""
                + name
                + "\" is empty or taken by a syslog field; choose another, such as source");
  }

  @Test
  void refusesAnInvalidTenantOrAnEmptyStreamField() {
    assertThatThrownBy(() -> SyslogOptions.defaults().withTenant("a b"))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("invalid tenant \"a b\"");
    assertThatThrownBy(() -> SyslogOptions.defaults().withStreamFields(List.of("")))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("empty stream field name");
  }
}
