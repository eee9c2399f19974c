package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import dev.loupe.server.SyslogConfig;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogSettingsTest {
  @Test
  void portZeroTurnsAListenerOff() {
    assertThat(SyslogSettings.port(0)).isEqualTo(SyslogConfig.OFF);
    assertThat(SyslogSettings.port(514)).isEqualTo(514);
  }

  @Test
  void readsCommaSeparatedNamesAndLabels() {
    assertThat(SyslogSettings.names(" host, appname ,,")).containsExactly("host", "appname");
    assertThat(SyslogSettings.names("")).isEmpty();
    assertThat(SyslogSettings.labels("source=syslog, env = prod"))
        .containsExactly(Map.entry("source", "syslog"), Map.entry("env", "prod"));
    assertThat(SyslogSettings.labels(" ")).isEmpty();
  }

  @Test
  void saysHowToWriteALabel() {
    assertThatThrownBy(() -> SyslogSettings.labels("source"))
        .isInstanceOf(LoupeException.class)
        .hasMessage(
            "invalid --syslog-labels entry \"source\": give name=value pairs separated by commas,"
                + " e.g. source=syslog,env=prod");
  }

  @Test
  void readsZonesAndNamesAnUnknownOne() {
    assertThat(SyslogSettings.zone("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThatThrownBy(() -> SyslogSettings.zone("Mars/Olympus"))
        .isInstanceOf(LoupeException.class)
        .hasMessage(
            "unknown --syslog-timezone \"Mars/Olympus\": give a zone such as UTC, +02:00 or"
                + " Europe/Berlin");
  }
}
