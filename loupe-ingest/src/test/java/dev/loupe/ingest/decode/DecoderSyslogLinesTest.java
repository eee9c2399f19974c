package dev.loupe.ingest.decode;

import static dev.loupe.ingest.decode.SyslogTesting.fields;
import static dev.loupe.ingest.decode.SyslogTesting.nanos;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecoderSyslogLinesTest {
  private static final long RECEIVED = nanos("2026-11-22T12:00:00Z");
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);
  private static final SyslogOptions OPTIONS =
      SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC);

  private final List<LogRecord> records = new ArrayList<>();
  private final List<Integer> batchSizes = new ArrayList<>();

  @Test
  void readsOneMessageALineWithTheFieldsOfTheListeners() throws IOException {
    IngestResult result =
        decode(
            "<133>1 2026-11-22T03:40:10.5Z vm myapp 42 ID47 [ex@32473 k=\"v\"] hello\r\n"
                + "\n"
                + "<35>Nov 22 03:30:09 vm sshd[812]: Accepted publickey\n",
            DEFAULTS,
            IngestLimits.defaults(),
            1 << 20);

    assertThat(result).isEqualTo(new IngestResult(2, 0, List.of()));
    assertThat(records)
        .extracting(LogRecord::message)
        .containsExactly("hello", "Accepted publickey");
    assertThat(fields(records.get(0).fields()))
        .isEqualTo(
            "facility=local0;severity=notice;level=info;host=vm;appname=myapp;procid=42;"
                + "msgid=ID47;sd.ex@32473.k=v;source=syslog");
    assertThat(records.get(0).timeNanos()).isEqualTo(nanos("2026-11-22T03:40:10.5Z"));
    assertThat(fields(records.get(1).fields()))
        .isEqualTo(
            "facility=auth;severity=err;level=error;host=vm;appname=sshd;procid=812;source=syslog");
    assertThat(records.get(1).stream())
        .isEqualTo(
            Stream.of("default", Map.of("host", "vm", "appname", "sshd", "source", "syslog")));
  }

  @Test
  void keepsBadMessagesWithTheReasonAndTimesThemByLineNumber() throws IOException {
    IngestResult result =
        decode(
            "<13>1 yesterday vm app - - - bad time\n" + "  \n" + "no priority at all\n",
            DEFAULTS,
            IngestLimits.defaults(),
            1 << 20);

    assertThat(result).isEqualTo(new IngestResult(2, 0, List.of()));
    assertThat(records.get(0).message()).isEqualTo("<13>1 yesterday vm app - - - bad time");
    assertThat(records.get(0).timeNanos()).isEqualTo(RECEIVED);
    assertThat(value(records.get(0), DecoderSyslog.FIELD_ERROR))
        .startsWith("rfc 5424 at byte 6: invalid timestamp \"yesterday\"");
    assertThat(records.get(1).message()).isEqualTo("no priority at all");
    assertThat(records.get(1).timeNanos()).isEqualTo(RECEIVED + 2);
    assertThat(value(records.get(1), DecoderSyslog.FIELD_ERROR))
        .isEqualTo(
            "not syslog at byte 0: expected '<' and a priority such as <13>, or the timestamp a"
                + " syslog file line starts with (Nov 22 10:00:00, or RFC 3339), but found 'n'");
  }

  @Test
  void readsTheLinesSyslogDaemonsWriteToFiles() throws IOException {
    decode(
        "Nov 22 03:30:09 web-1 sshd[812]: Accepted publickey\n"
            + "2026-11-22T03:30:10.250+01:00 web-1 CRON[99]: (root) CMD (run-parts)\n",
        DEFAULTS,
        IngestLimits.defaults(),
        1 << 20);

    assertThat(records).hasSize(2);
    assertThat(records.get(0).timeNanos()).isEqualTo(nanos("2026-11-22T03:30:09Z"));
    assertThat(fields(records.get(0).fields()))
        .isEqualTo("host=web-1;appname=sshd;procid=812;source=syslog");
    assertThat(records.get(1).timeNanos()).isEqualTo(nanos("2026-11-22T02:30:10.250Z"));
    assertThat(records.get(1).message()).isEqualTo("(root) CMD (run-parts)");
    assertThat(fields(records.get(1).fields()))
        .isEqualTo("host=web-1;appname=CRON;procid=99;source=syslog");
  }

  @Test
  void readsOctetCountedBodiesWithNewlinesInsideMessages() throws IOException {
    String first = "<14>1 - host app - - - line one\nline two";
    String second = "<14>1 - host app - - - after";
    IngestResult result =
        decode(
            "\n" + first.length() + " " + first + second.length() + " " + second + "<14>last\n",
            DEFAULTS,
            IngestLimits.defaults(),
            1 << 20);

    assertThat(result).isEqualTo(new IngestResult(3, 0, List.of()));
    assertThat(records)
        .extracting(LogRecord::message)
        .containsExactly("line one\nline two", "after", "last");
    assertThat(records)
        .extracting(LogRecord::timeNanos)
        .containsExactly(RECEIVED, RECEIVED + 1, RECEIVED + 2);
  }

  @Test
  void rejectsOversizedMessagesAndAFrameCutShortByTheEndOfTheBody() throws IOException {
    IngestLimits limits = new IngestLimits(1 << 20, 20, 1000, 10);
    String good = "<14>ok";
    String tooLong = "<14>1 - - - - - - far too long for the limit";

    IngestResult result =
        decode(
            good.length() + " " + good + tooLong.length() + " " + tooLong + "40 <14>cut",
            DEFAULTS,
            limits,
            1 << 20);

    assertThat(records).extracting(LogRecord::message).containsExactly("ok");
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.firstErrors())
        .containsExactly(
            new LineError(
                2, "message 2 is longer than 20 bytes; split it or raise the line size limit"),
            new LineError(
                3,
                "message 3: the input ended after 7 of the 40 bytes of an octet-counted"
                    + " message"));
  }

  @Test
  void rejectsLinesOverTheLimitByLineNumberAndKeepsTheOthers() throws IOException {
    IngestLimits limits = new IngestLimits(1 << 20, 12, 1000, 10);

    IngestResult result =
        decode("<14>short\n<14>this one is too long\n<14>fine\n", DEFAULTS, limits, 1 << 20);

    assertThat(records).extracting(LogRecord::message).containsExactly("short", "fine");
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.firstErrors()).extracting(LineError::line).containsExactly(2L);
  }

  @Test
  void takesTheTenantAndStreamFieldsOfTheRequest() throws IOException {
    decode(
        "<14>1 - web-1 nginx - - - hit\n",
        DEFAULTS.withTenant("acme").withStreamFields(List.of("appname")),
        IngestLimits.defaults(),
        1 << 20);
    decode("<14>1 - web-1 nginx - - - hit\n", DEFAULTS, IngestLimits.defaults(), 1 << 20);

    assertThat(records.get(0).stream())
        .isEqualTo(Stream.of("acme", Map.of("appname", "nginx", "source", "syslog")));
    assertThat(records.get(1).stream())
        .isEqualTo(
            Stream.of("default", Map.of("host", "web-1", "appname", "nginx", "source", "syslog")));
  }

  @Test
  void handsRecordsOnInBatches() throws IOException {
    decode("<14>a\n<14>b\n<14>c\n<14>d\n<14>e\n", DEFAULTS, IngestLimits.defaults(), 2);

    assertThat(batchSizes).containsExactly(2, 2, 1);
  }

  @Test
  void refusesABodyOverTheLimitSayingWhatWasStored() {
    IngestLimits limits = new IngestLimits(40, 1 << 10, 1000, 10);
    String message = "<14>1 - h a - - - x";
    String body = (message.length() + " " + message).repeat(10);

    assertThatThrownBy(() -> decode(body, DEFAULTS, limits, 1))
        .isInstanceOfSatisfying(
            LoupeException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE))
        .hasMessageContaining("larger than 40 bytes")
        .hasMessageContaining("the 0 records handed to storage");
  }

  @Test
  void tellsOctetCountingFromLinesByTheFirstByte() {
    assertThat(DecoderSyslogLines.startsWithOctetCount(bytes("\r\n12 <1>x"), 9)).isTrue();
    assertThat(DecoderSyslogLines.startsWithOctetCount(bytes("<12>1 x"), 7)).isFalse();
    assertThat(DecoderSyslogLines.startsWithOctetCount(bytes("0 <1>"), 5)).isFalse();
    assertThat(DecoderSyslogLines.startsWithOctetCount(bytes("\n\n"), 2)).isFalse();
  }

  private IngestResult decode(
      String body, IngestParameters parameters, IngestLimits limits, int batchMaxRecords)
      throws IOException {
    DecoderSyslogLines decoder =
        new DecoderSyslogLines(OPTIONS, limits, new StreamCache(), batchMaxRecords, 1L << 30);
    return decoder.decode(
        new ChunkedInputStream(bytes(body), 3),
        parameters,
        batch -> {
          batchSizes.add(batch.size());
          records.addAll(batch);
        });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static String value(LogRecord record, String name) {
    return record.fields().stream()
        .filter(field -> field.name().equals(name))
        .map(dev.loupe.core.Field::value)
        .findFirst()
        .orElse(null);
  }
}
