package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputStdoutTest {
  @Test
  void buffersAndFlushesOnTheIntervalAndAtTheEnd() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    OutputStdout output = new OutputStdout(stream, 1_000);
    List<Line> lines = Simulated.lines(2, 50);

    output.tick(0);
    output.write(lines.get(0));
    assertThat(stream.size()).isZero();
    output.tick(999);
    assertThat(stream.size()).isZero();
    output.tick(1_000);
    assertThat(stream.toString(StandardCharsets.UTF_8)).startsWith("{\"_time\":").endsWith("}\n");
    for (Line line : lines.subList(1, 50)) {
      output.write(line);
    }
    output.close();

    assertThat(stream.toString(StandardCharsets.UTF_8).split("\n")).hasSize(50);
    assertThat(output.summary()).isEqualTo("stdout: 50 lines");
  }
}
