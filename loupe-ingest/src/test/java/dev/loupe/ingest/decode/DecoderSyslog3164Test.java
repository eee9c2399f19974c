package dev.loupe.ingest.decode;

import static dev.loupe.ingest.decode.SyslogTesting.afterPriority;
import static dev.loupe.ingest.decode.SyslogTesting.nanos;
import static dev.loupe.ingest.decode.SyslogTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DecoderSyslog3164Test {
  private static final String RECEIVED = "2026-11-22T12:00:00Z";

  /**
   * message | time (null: the receive time) | host | app | procid | MSG; received {@value
   * RECEIVED}.
   */
  static Stream<Arguments> messages() {
    return Stream.of(
        // What util-linux logger --rfc3164 sends.
        arguments(
            "<35>Nov 22 03:30:09 vm myapp: hello 3164",
            "2026-11-22T03:30:09Z",
            "vm",
            "myapp",
            null,
            "hello 3164"),
        arguments(
            "<13>Nov 22 03:40:11 vm myapp[2628]: hello udp",
            "2026-11-22T03:40:11Z",
            "vm",
            "myapp",
            "2628",
            "hello udp"),
        // A day padded with a space or a zero; a lower-case month.
        arguments("<13>Nov  2 03:40:11 h a: x", "2026-11-02T03:40:11Z", "h", "a", null, "x"),
        arguments("<13>Nov 02 03:40:11 h a: x", "2026-11-02T03:40:11Z", "h", "a", null, "x"),
        arguments("<13>nov 2 03:40:11 h a: x", "2026-11-02T03:40:11Z", "h", "a", null, "x"),
        // A fraction, a year (Cisco), RFC 3339 (rsyslog's forwarding format).
        arguments(
            "<13>Nov 22 03:40:11.123 h a: x", "2026-11-22T03:40:11.123Z", "h", "a", null, "x"),
        arguments("<13>Nov 22 2024 03:40:11 h a: x", "2024-11-22T03:40:11Z", "h", "a", null, "x"),
        arguments(
            "<13>2026-11-22T03:40:11.5+01:00 h a: x",
            "2026-11-22T02:40:11.5Z",
            "h",
            "a",
            null,
            "x"),
        // Tags: with a pid and no colon, a Cisco mnemonic, a path, an empty message.
        arguments(
            "<13>Nov 22 03:40:11 h sshd[1] x y", "2026-11-22T03:40:11Z", "h", "sshd", "1", "x y"),
        arguments(
            "<13>Nov 22 03:40:11 fw %ASA-6-302013: Built",
            "2026-11-22T03:40:11Z", "fw", "%ASA-6-302013", null, "Built"),
        arguments(
            "<13>Nov 22 03:40:11 h postfix/smtpd[77]: ok",
            "2026-11-22T03:40:11Z",
            "h",
            "postfix/smtpd",
            "77",
            "ok"),
        arguments("<13>Nov 22 03:40:11 h a:", "2026-11-22T03:40:11Z", "h", "a", null, ""),
        arguments("<13>Nov 22 03:40:11 h a[]: x", "2026-11-22T03:40:11Z", "h", "a", null, "x"),
        // No host name (a local program): the word after the time is a tag.
        arguments(
            "<13>Nov 22 03:40:11 myapp: no host",
            "2026-11-22T03:40:11Z",
            null,
            "myapp",
            null,
            "no host"),
        // A host and no tag; an IPv6 host (its colons do not make it a tag).
        arguments(
            "<13>Nov 22 03:40:11 h just text",
            "2026-11-22T03:40:11Z",
            "h",
            null,
            null,
            "just text"),
        arguments(
            "<13>Nov 22 03:40:11 fe80::1 a: x", "2026-11-22T03:40:11Z", "fe80::1", "a", null, "x"),
        arguments("<13>Nov 22 03:40:11 h a:b c", "2026-11-22T03:40:11Z", "h", null, null, "a:b c"),
        arguments("<13>Nov 22 03:40:11 h a[1 x", "2026-11-22T03:40:11Z", "h", null, null, "a[1 x"),
        arguments("<13>Nov 22 03:40:11", "2026-11-22T03:40:11Z", null, null, null, ""),
        // No timestamp: the receive time; a tag is still read, everything else is the message.
        arguments("<13>myapp: no timestamp", null, null, "myapp", null, "no timestamp"),
        arguments("<13>no timestamp here", null, null, null, null, "no timestamp here"),
        arguments("<13>", null, null, null, null, ""),
        arguments("<13>Feb 30 03:40:11 h a: x", null, null, null, null, "Feb 30 03:40:11 h a: x"),
        arguments("<13>Nov 22 3:40:11 h a: x", null, null, null, null, "Nov 22 3:40:11 h a: x"),
        arguments("<13>Nov 22 03:40:61 h", null, null, null, null, "Nov 22 03:40:61 h"),
        arguments("<13>Nov 22 03:40:11x h", null, null, null, null, "Nov 22 03:40:11x h"),
        arguments("<13>Nov 22 03:40:11. h", null, null, null, null, "Nov 22 03:40:11. h"),
        arguments("<13>2026-11-22 h a: x", null, null, null, null, "2026-11-22 h a: x"),
        arguments("<13>2026-13-22T03:40:11Z h", null, null, null, null, "2026-13-22T03:40:11Z h"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void readsMessages(
      String text, String time, String host, String app, String procId, String message) {
    SyslogMessage parsed = new SyslogMessage();

    new DecoderSyslog3164(ZoneOffset.UTC).parse(afterPriority(utf8(text)), parsed, nanos(RECEIVED));

    assertThat(parsed.timeNanos).isEqualTo(time == null ? SyslogMessage.NO_TIME : nanos(time));
    assertThat(parsed.host).isEqualTo(host);
    assertThat(parsed.appName).isEqualTo(app);
    assertThat(parsed.procId).isEqualTo(procId);
    assertThat(parsed.msgId).isNull();
    assertThat(parsed.structuredData).isEmpty();
    assertThat(parsed.message).isEqualTo(message);
  }

  @ParameterizedTest(name = "{1} received {2} in {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          UTC           | Dec 31 23:59:58 | 2027-01-01T00:00:05Z | 2026-12-31T23:59:58Z
          UTC           | Jan  1 00:00:10 | 2026-12-31T23:59:50Z | 2027-01-01T00:00:10Z
          UTC           | Nov 22 11:00:00 | 2026-11-22T12:00:00Z | 2026-11-22T11:00:00Z
          UTC           | Dec 31 00:00:00 | 2026-06-15T00:00:00Z | 2025-12-31T00:00:00Z
          UTC           | Jan  1 00:00:00 | 2026-08-01T00:00:00Z | 2027-01-01T00:00:00Z
          UTC           | Feb 29 12:00:00 | 2028-03-01T00:00:00Z | 2028-02-29T12:00:00Z
          UTC           | Feb 29 12:00:00 | 2029-01-10T00:00:00Z | 2028-02-29T12:00:00Z
          Europe/Berlin | Jul  1 12:00:00 | 2026-07-01T10:00:05Z | 2026-07-01T10:00:00Z
          Europe/Berlin | Jan 15 12:00:00 | 2026-01-15T11:00:05Z | 2026-01-15T11:00:00Z
          Europe/Berlin | Jan  1 00:30:00 | 2026-12-31T23:20:00Z | 2026-12-31T23:30:00Z
          Europe/Berlin | Dec 31 23:59:00 | 2026-12-31T23:10:00Z | 2026-12-31T22:59:00Z
          +05:30        | Nov 22 17:30:00 | 2026-11-22T12:00:00Z | 2026-11-22T12:00:00Z
          """)
  void infersTheYearClosestToTheReceiveTime(
      String zone, String timestamp, String received, String expected) {
    SyslogMessage parsed = new SyslogMessage();
    byte[] text = utf8("<13>" + timestamp + " h a: x");

    new DecoderSyslog3164(ZoneId.of(zone)).parse(afterPriority(text), parsed, nanos(received));

    assertThat(parsed.timeNanos).isEqualTo(nanos(expected));
  }
}
