package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WholeBodyTest {
  @Test
  void readsABodyUpToTheLimitAndRefusesOneByteMore() throws IOException {
    assertThat(WholeBody.read(new ByteArrayInputStream(new byte[10]), 10)).hasSize(10);
    assertThat(WholeBody.read(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
    assertThatThrownBy(() -> WholeBody.read(new ByteArrayInputStream(new byte[11]), 10))
        .isInstanceOfSatisfying(
            LoupeException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE))
        .hasMessageContaining("larger than 10 bytes");
  }
}
