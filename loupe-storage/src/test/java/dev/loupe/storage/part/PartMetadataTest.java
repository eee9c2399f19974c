package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartMetadataTest {

  @Test
  void roundTripsAndSumsTheFileSizes() {
    PartMetadata metadata = new PartMetadata(10, 2, -5, 99, 1234, 5000, 800, 300);
    ByteSink body = new ByteSink(8);
    metadata.writeTo(body);
    assertThat(body.size()).isEqualTo(PartMetadata.BODY_BYTES);
    byte[] file = FileEnvelope.wrap(PartFormat.KIND_METADATA, body);
    assertThat(file).hasSize(PartMetadata.FILE_BYTES);
    PartMetadata read = PartMetadata.readFrom(FileEnvelope.unwrap(file, PartFormat.KIND_METADATA));
    assertThat(read).isEqualTo(metadata);
    assertThat(read.toInfo())
        .isEqualTo(new PartInfo(1, 10, 2, -5, 99, 800 + 300 + PartMetadata.FILE_BYTES, 1234, 5000));
  }

  @Test
  void impossibleCountsAreMalformed() {
    ByteSink body = new ByteSink(8);
    new PartMetadata(1, 2, 0, 0, 0, 0, 0, 0).writeTo(body);
    assertThatThrownBy(() -> PartMetadata.readFrom(new ByteSource(body.array(), 0, body.size())))
        .isInstanceOf(MalformedPartException.class)
        .hasMessageContaining("impossible counts");
  }
}
