package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FileEnvelopeTest {

  @Test
  void unwrapGivesBackTheBody() {
    byte[] file = wrap("hello part");
    assertThat(file).hasSize(16 + 10 + 16);
    assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("LOUPEPRT");
    ByteSource body = FileEnvelope.unwrap(file, PartFormat.KIND_INDEX);
    assertThat(body.remaining()).isEqualTo(10);
    assertThat(new String(file, body.position(), 10, StandardCharsets.UTF_8))
        .isEqualTo("hello part");
  }

  @Test
  void everyFlippedByteIsCaught() {
    byte[] original = wrap("some body bytes");
    for (int i = 0; i < original.length; i++) {
      byte[] damaged = original.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> FileEnvelope.unwrap(damaged, PartFormat.KIND_INDEX))
          .as("flip at %d", i)
          .isInstanceOf(MalformedPartException.class);
    }
  }

  @Test
  void truncationIsCaught() {
    byte[] original = wrap("some body bytes");
    for (int length = 0; length < original.length; length++) {
      byte[] truncated = Arrays.copyOf(original, length);
      assertThatThrownBy(() -> FileEnvelope.unwrap(truncated, PartFormat.KIND_INDEX))
          .as("length %d", length)
          .isInstanceOf(MalformedPartException.class);
    }
  }

  @Test
  void anotherKindIsRefused() {
    assertThatThrownBy(() -> FileEnvelope.unwrap(wrap("x"), PartFormat.KIND_METADATA))
        .isInstanceOf(MalformedPartException.class)
        .hasMessage("file kind 2 where 3 was expected");
  }

  @Test
  void aNewerVersionIsRefusedWithAHint() {
    byte[] file = wrap("x");
    file[8] = 2; // version u32 little-endian at offset 8
    assertThatThrownBy(() -> FileEnvelope.unwrap(file, PartFormat.KIND_INDEX))
        .isInstanceOf(MalformedPartException.class)
        .hasMessageContaining("format version 2 is not supported");
  }

  private static byte[] wrap(String body) {
    ByteSink sink = new ByteSink(16);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    sink.writeBytes(bytes, 0, bytes.length);
    return FileEnvelope.wrap(PartFormat.KIND_INDEX, sink);
  }
}
