package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
  @Test
  void writesLiteralsAndVariables() {
    LineState state = new LineState(new SplittableRandom(1), new AsciiBuffer(16));
    state.userNumber = 42;
    AsciiBuffer out = new AsciiBuffer(16);

    MessageTemplate.parse("user {user} from {address}: {count} items").write(out, state);

    assertThat(out.toString()).matches("user u_000042 from [0-9.]+: [0-9]+ items");
  }

  @Test
  void templateWithoutVariablesIsItsText() {
    LineState state = new LineState(new SplittableRandom(1), new AsciiBuffer(16));
    AsciiBuffer out = new AsciiBuffer(16);

    MessageTemplate.parse("Started Run anacron jobs.").write(out, state);

    assertThat(out.toString()).isEqualTo("Started Run anacron jobs.");
  }

  @Test
  void namesTheUnknownVariable() {
    assertThatThrownBy(() -> MessageTemplate.parse("hello {nobody}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{nobody}");
    assertThatThrownBy(() -> MessageTemplate.parse("open {user"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed");
  }

  @Test
  void needleVariableNeedsANeedleLine() {
    LineState state = new LineState(new SplittableRandom(1), new AsciiBuffer(16));
    MessageTemplate template = MessageTemplate.parse("token {needle}");

    assertThatThrownBy(() -> template.write(new AsciiBuffer(8), state))
        .isInstanceOf(IllegalStateException.class);
    state.needle = AsciiBuffer.ascii("NEEDLE00000000AB");
    AsciiBuffer out = new AsciiBuffer(8);
    template.write(out, state);
    assertThat(out.toString()).isEqualTo("token NEEDLE00000000AB");
  }
}
