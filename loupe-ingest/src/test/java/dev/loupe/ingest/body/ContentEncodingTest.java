package dev.loupe.ingest.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentEncodingTest {
  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          gzip          | GZIP
          GZIP          | GZIP
          " gzip "      | GZIP
          x-gzip        | GZIP
          zstd          | ZSTD
          ZStd          | ZSTD
          identity      | IDENTITY
          ""            | IDENTITY
          "  "          | IDENTITY
          """)
  void readsTheHeaderIgnoringCaseAndBlanks(String header, ContentEncoding expected) {
    assertThat(ContentEncoding.parse(header)).isEqualTo(expected);
  }

  @Test
  void absentHeaderIsIdentity() {
    assertThat(ContentEncoding.parse(null)).isEqualTo(ContentEncoding.IDENTITY);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"br", "deflate", "gzip, br", "compress", "zstd;q=1"})
  void rejectsOtherEncodingsNamingTheSupportedOnes(String header) {
    assertThatThrownBy(() -> ContentEncoding.parse(header))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
              assertThat(error.getMessage())
                  .isEqualTo(
                      "unsupported content-encoding \""
                          + header
                          + "\"; send the body as one of: gzip, zstd, identity");
            });
  }
}
