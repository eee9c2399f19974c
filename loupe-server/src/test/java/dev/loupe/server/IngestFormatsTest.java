package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.decode.DecoderAccessLog;
import dev.loupe.ingest.decode.DecoderJsonLines;
import dev.loupe.ingest.decode.DecoderLogfmt;
import dev.loupe.ingest.decode.DecoderPlainText;
import dev.loupe.ingest.decode.DecoderSyslogLines;
import dev.loupe.ingest.decode.SyslogOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestFormatsTest {
  private final IngestFormats formats =
      new IngestFormats(IngestLimits.defaults(), SyslogOptions.defaults(), new StreamCache());

  /** Format ("-" for none), Content-Type ("-" for none), the decoder chosen. */
  @ParameterizedTest(name = "format={0} type={1}")
  @CsvSource({
    "json, text/plain, DecoderJsonLines",
    "jsonline, -, DecoderJsonLines",
    "NDJSON, -, DecoderJsonLines",
    "logfmt, -, DecoderLogfmt",
    "' Logfmt ', text/plain, DecoderLogfmt",
    "clf, -, DecoderAccessLog",
    "access, -, DecoderAccessLog",
    "combined, -, DecoderAccessLog",
    "common, -, DecoderAccessLog",
    "plain, application/x-ndjson, DecoderPlainText",
    "text, -, DecoderPlainText",
    "-, text/plain; charset=utf-8, DecoderPlainText",
    "-, TEXT/PLAIN, DecoderPlainText",
    "-, application/x-ndjson, DecoderJsonLines",
    "-, application/json, DecoderJsonLines",
    "-, -, DecoderJsonLines",
    "' ', text/plain, DecoderPlainText",
    "syslog, application/json, DecoderSyslogLines",
    "RFC5424, -, DecoderSyslogLines",
    "rfc3164, text/plain, DecoderSyslogLines",
  })
  void theFormatWinsThenTheContentTypeThenJson(String format, String contentType, String decoder) {
    Decoder chosen = formats.choose(absent(format), absent(contentType));

    assertThat(chosen.getClass().getSimpleName()).isEqualTo(decoder);
  }

  @org.junit.jupiter.api.Test
  void anUnknownFormatIsABadRequestNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> formats.choose("xml", "text/plain"))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessage(
            "unknown ingest format \"xml\": use _format (or the Loupe-Format header) with one of"
                + " json, logfmt, clf, plain, syslog");
  }

  @org.junit.jupiter.api.Test
  void namesListTheFormatsWithoutAliasesAndEachDecoderIsSharedByItsAliases() {
    assertThat(formats.names()).containsExactly("json", "logfmt", "clf", "plain", "syslog");
    assertThat(formats.choose("access", null)).isSameAs(formats.choose("clf", null));
    assertThat(formats.choose("json", null)).isInstanceOf(DecoderJsonLines.class);
    assertThat(formats.choose("logfmt", null)).isInstanceOf(DecoderLogfmt.class);
    assertThat(formats.choose("clf", null)).isInstanceOf(DecoderAccessLog.class);
    assertThat(formats.choose("plain", null)).isInstanceOf(DecoderPlainText.class);
    assertThat(formats.choose("syslog", null)).isInstanceOf(DecoderSyslogLines.class);
  }

  private static String absent(String value) {
    return value.equals("-") ? null : value;
  }
}
