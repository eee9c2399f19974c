package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomIncidentsTest {
  @Test
  void aScheduleOfEveryKindNeverOverlappingNeverOnTheGateway() {
    RandomIncidents random = new RandomIncidents(3, 0, Duration.ofMinutes(30));
    List<Incident> incidents = IntStream.range(0, 200).mapToObj(index -> random.next()).toList();
    Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
    long previousEnd = 0;
    for (Incident incident : incidents) {
      kinds.add(incident.kind());
      assertThat(incident.fromNanos()).isGreaterThan(previousEnd);
      long length = incident.toNanos() - incident.fromNanos();
      assertThat(length)
          .isBetween(Duration.ofMinutes(6).toNanos(), Duration.ofMinutes(10).toNanos());
      assertThat(incident.service()).isNotEqualTo(World.GATEWAY);
      previousEnd = incident.toNanos();
    }
    assertThat(kinds).containsExactlyInAnyOrder(IncidentKind.values());
  }

  @Test
  void theSameSeedDrawsTheSameSchedule() {
    RandomIncidents first = new RandomIncidents(8, 0, Duration.ofMinutes(5));
    RandomIncidents second = new RandomIncidents(8, 0, Duration.ofMinutes(5));
    for (int index = 0; index < 20; index++) {
      assertThat(second.next()).isEqualTo(first.next());
    }
    assertThatThrownBy(() -> new RandomIncidents(1, 0, Duration.ZERO))
        .hasMessageContaining("must be positive");
  }
}
