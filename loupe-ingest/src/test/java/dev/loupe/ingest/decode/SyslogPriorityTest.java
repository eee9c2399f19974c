package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogPriorityTest {
  /** priority | facility | severity, per RFC 5424 §6.2.1 and rsyslog's names. */
  @ParameterizedTest(name = "<{0}>")
  @CsvSource({
    "0,kern,emerg",
    "13,user,notice",
    "34,auth,crit",
    "46,syslog,info",
    "75,cron,err",
    "87,authpriv,debug",
    "92,ftp,warning",
    "96,ntp,emerg",
    "105,audit,alert",
    "114,alert,crit",
    "123,clock,err",
    "128,local0,emerg",
    "191,local7,debug"
  })
  void namesFacilityAndSeverity(int priority, String facility, String severity) {
    assertThat(SyslogPriority.facilityName(priority)).isEqualTo(facility);
    assertThat(SyslogPriority.severityName(priority)).isEqualTo(severity);
    assertThat(SyslogPriority.facility(priority) * 8 + SyslogPriority.severity(priority))
        .isEqualTo(priority);
  }
}
