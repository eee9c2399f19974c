package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerSingleLineTest {
  @Test
  void everyNonBlankLineIsAnEventAtOnce() {
    List<FileEvent> events = new ArrayList<>();
    EventAssemblerSingleLine assembler = new EventAssemblerSingleLine();
    assembler.addLine("one", 0, 4, 0, events::add);
    assembler.addLine("\tindented", 4, 14, 0, events::add);
    assembler.addLine("  ", 14, 17, 0, events::add);
    assertThat(events).containsExactly(new FileEvent("one", 4), new FileEvent("\tindented", 14));
    assertThat(assembler.pendingStartOffset()).isEqualTo(-1);
  }
}
