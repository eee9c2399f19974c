package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentStatusTest {
  @Test
  void aHealthyLineSaysWhatWasShippedAndHowFast() {
    AgentStatus status = new AgentStatus(1000, 12345, 0, 20, 0, 0, 3, 0, 0, 0, false, 0, "");
    assertThat(status.line(411.4))
        .isEqualTo("shipped 12,345 lines (411 lines/s), 3 files, 0 B unread, spool 0 batches 0 B");
  }

  @Test
  void troubleIsSpelledOut() {
    AgentStatus status =
        new AgentStatus(1000, 10, 2, 1, 0, 5, 1, 5 << 20, 7, 300 << 10, true, 0, "cannot connect");
    assertThat(status.line(0))
        .isEqualTo(
            "shipped 10 lines (0 lines/s), rejected 2, 1 files, 5.0 MB unread, spool 7 batches"
                + " 300.0 KB (full: reading paused), server: cannot connect");
  }
}
