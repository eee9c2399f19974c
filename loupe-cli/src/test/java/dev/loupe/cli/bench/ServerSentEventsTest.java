package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  @Test
  void readsTheTailStream() {
    List<ServerSentEvents.Event> events =
        feed(
            ": tail from 41.-1",
            "",
            "id: 42.0",
            "data: {\"_msg\":\"disk error\"}",
            "",
            "event: dropped",
            "data: {\"dropped\":1200}",
            "",
            ": keepalive",
            "id: 43.2",
            "data:{\"_msg\":\"b\"}",
            "");

    assertThat(events)
        .containsExactly(
            new ServerSentEvents.Event("42.0", "message", "{\"_msg\":\"disk error\"}"),
            new ServerSentEvents.Event("42.0", "dropped", "{\"dropped\":1200}"),
            new ServerSentEvents.Event("43.2", "message", "{\"_msg\":\"b\"}"));
  }

  @Test
  void joinsDataLinesAndIgnoresUnknownFields() {
    assertThat(feed("retry: 1000", "data: a", "data:  b", "", "", "event: x", ""))
        .containsExactly(new ServerSentEvents.Event(null, "message", "a\n b"));
  }

  @Test
  void remembersTheLastComment() {
    ServerSentEvents events = new ServerSentEvents();
    assertThat(events.lastComment()).isNull();

    events.line(": tail from 41.-1");

    assertThat(events.lastComment()).isEqualTo("tail from 41.-1");
  }

  @Test
  void findsTheProbeTokenInARow() {
    assertThat(
            TailProbe.tokenOf(
                "{\"_msg\":\"bench probe TAILPROBE00FF00FF00FF00FF visibility check\"}"))
        .contains("TAILPROBE00FF00FF00FF00FF");
    assertThat(TailProbe.tokenOf("{\"_msg\":\"bench probe PROBE00FF00FF00FF00FF\"}")).isEmpty();
  }

  private static List<ServerSentEvents.Event> feed(String... lines) {
    ServerSentEvents events = new ServerSentEvents();
    List<ServerSentEvents.Event> complete = new ArrayList<>();
    for (String line : lines) {
      events.line(line).ifPresent(complete::add);
    }
    return complete;
  }
}
