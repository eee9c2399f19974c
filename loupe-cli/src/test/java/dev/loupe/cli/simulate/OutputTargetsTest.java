package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTargetsTest {
  @TempDir Path directory;

  @Test
  void eachFormOpensItsOutput() throws Exception {
    List<String> targets =
        List.of("-", "file:" + directory, "http://127.0.0.1:1", "syslog+udp://127.0.0.1:9");
    List<Output> outputs =
        OutputTargets.open(
            targets, SimulationSettings.defaults(targets), new ByteArrayOutputStream());
    try {
      assertThat(outputs)
          .extracting(output -> output.getClass().getSimpleName())
          .containsExactly("OutputStdout", "OutputFiles", "OutputHttp", "OutputSyslogUdp");
    } finally {
      for (Output output : outputs) {
        output.close();
      }
    }
  }

  @Test
  void otherFormsAreRefusedWithTheListOfForms() {
    for (String target : List.of("kafka://x:1", "file:", "http://", "syslog://host", "stdout")) {
      assertThatThrownBy(() -> OutputTargets.check(List.of(target)))
          .as(target)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> OutputTargets.check(List.of("udp://x:1")))
        .hasMessageContaining(OutputTargets.FORMS);
  }
}
