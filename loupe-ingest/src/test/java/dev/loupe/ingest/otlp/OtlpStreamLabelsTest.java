package dev.loupe.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpStreamLabelsTest {
  @Test
  void readsAttributesWithAndWithoutLabelNames() {
    OtlpStreamLabels labels = OtlpStreamLabels.parse(" service.name = service , region,, ");

    assertThat(labels.entries())
        .containsExactly(
            new OtlpStreamLabels.Entry("service.name", "service"),
            new OtlpStreamLabels.Entry("region", "region"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "service.name=service,host.name | service.name=service,host.name",
        "a=a,b=c | a,b=c",
        "' , ' | ''"
      })
  void printsBackToTheTextItReads(String text, String expected) {
    assertThat(OtlpStreamLabels.parse(text).text()).isEqualTo(expected);
  }

  @Test
  void theDefaultNamesServiceNamespaceEnvironmentAndHost() {
    assertThat(OtlpStreamLabels.defaults().entries())
        .extracting(OtlpStreamLabels.Entry::label)
        .containsExactly("service", "namespace", "env", "env", "host");
    assertThat(OtlpStreamLabels.defaults().text()).isEqualTo(OtlpStreamLabels.DEFAULT_TEXT);
  }

  @Test
  void emptyTextMeansNoLabels() {
    assertThat(OtlpStreamLabels.parse("").entries()).isEmpty();
    assertThat(OtlpStreamLabels.none().entries()).isEqualTo(List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"=service", "service.name=", " = "})
  void entriesWithAnEmptyNameAreRefused(String text) {
    assertThatThrownBy(() -> OtlpStreamLabels.parse(text))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("write attribute or attribute=label")
        .extracting(error -> ((LoupeException) error).code())
        .isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void derivedNamesAreRefusedAsLabels() {
    assertThatThrownBy(() -> OtlpStreamLabels.parse("service.name=_msg"))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("\"_msg\" is a name Loupe derives itself");
  }
}
