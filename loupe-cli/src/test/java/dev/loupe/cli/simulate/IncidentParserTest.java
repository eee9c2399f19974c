package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IncidentParserTest {
  private static final long START = Simulated.START_NANOS;
  private static final long SECOND = 1_000_000_000L;

  @Test
  void readsEveryKindWithItsSettings() {
    Incident burst = IncidentParser.parse("error-burst:service=payments,at=10m,for=5m", START);
    assertThat(burst.kind()).isEqualTo(IncidentKind.ERROR_BURST);
    assertThat(burst.service()).isEqualTo(World.PAYMENTS);
    assertThat(burst.fromNanos()).isEqualTo(START + 600 * SECOND);
    assertThat(burst.toNanos()).isEqualTo(START + 900 * SECOND);
    assertThat(burst.value()).isEqualTo(0.5);

    Incident spike =
        IncidentParser.parse(" latency-spike:service=search,factor=8,at=1h30m ", START);
    assertThat(spike.value()).isEqualTo(8);
    assertThat(spike.fromNanos()).isEqualTo(START + 5_400 * SECOND);
    assertThat(spike.toNanos() - spike.fromNanos())
        .isEqualTo(IncidentParser.DEFAULT_LENGTH.toNanos());

    Incident deploy = IncidentParser.parse("deploy:service=checkout,rate=0.1", START);
    assertThat(deploy.fromNanos()).isEqualTo(START);
    assertThat(deploy.value()).isEqualTo(0.1);

    Incident silent =
        IncidentParser.parse("host-silent:host=app-02,at=2026-11-21T12:00:00Z,for=90s", START);
    assertThat(silent.host()).isEqualTo("app-02");
    assertThat(silent.service()).isNull();
    assertThat(silent.fromNanos()).isEqualTo(START + 7_200 * SECOND);

    Incident leak = IncidentParser.parse("memory-leak:service=search", START);
    assertThat(leak.host()).isEqualTo("app-02");
    Incident leakThere = IncidentParser.parse("memory-leak:service=search,host=app-04", START);
    assertThat(leakThere.host()).isEqualTo("app-04");
  }

  @Test
  void mistakesSayWhatIsWrongAndWhatWouldBeRight() {
    String[][] cases = {
      {
        "fire:service=auth",
        "unknown incident kind 'fire'; kinds: error-burst, latency-spike, deploy, host-silent, memory-leak"
      },
      {"error-burst", "error-burst needs service=NAME, one of [gateway, auth"},
      {"error-burst:service=nope", "no service 'nope' in the simulated world; services: [gateway"},
      {"host-silent:host=web-9", "no host 'web-9' in the simulated world; hosts: [edge-01"},
      {"host-silent", "host-silent needs host=NAME"},
      {"host-silent:host=app-01,service=auth", "host-silent takes a host, not a service"},
      {
        "error-burst:service=auth,host=app-01",
        "error-burst hits every instance of a service; drop host="
      },
      {
        "error-burst:service=gateway",
        "the gateway only forwards requests; error-burst needs one of the services behind it"
      },
      {"error-burst:service=auth,at=soon", "at=soon is not a duration; write e.g. 90s, 10m, 1h30m"},
      {
        "error-burst:service=auth,at=2026-11-21T25:00:00Z",
        "at=2026-11-21T25:00:00Z is not an RFC 3339 time"
      },
      {"error-burst:service=auth,for=0", "for= must be longer than 0"},
      {"error-burst:service=auth,rate=2", "rate=2 must be a fraction above 0 and at most 1"},
      {"latency-spike:service=auth,factor=0.5", "factor=0.5 must be from 1 to 1000"},
      {
        "error-burst:service=auth,factor=3",
        "unknown setting factor; error-burst takes service, at, for, rate"
      },
      {"memory-leak:service=cart,host=app-01", "cart does not run on app-01; it runs on [app-03]"},
      {"error-burst:service=auth,at", "'at' is not key=value"},
      {"error-burst:service=auth,at=1m,at=2m", "at given twice"},
    };
    for (String[] example : cases) {
      assertThatThrownBy(() -> IncidentParser.parse(example[0], START))
          .as(example[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(example[1]);
    }
  }

  @Test
  void durationsAddUpTheirParts() {
    assertThat(IncidentParser.duration("1h30m", "for", "x")).isEqualTo(Duration.ofMinutes(90));
    assertThat(IncidentParser.duration("250ms", "for", "x")).isEqualTo(Duration.ofMillis(250));
    assertThat(IncidentParser.duration("1d2h3m4s", "for", "x"))
        .isEqualTo(Duration.parse("PT26H3M4S"));
    assertThat(IncidentParser.duration("0", "for", "x")).isZero();
    assertThatThrownBy(() -> IncidentParser.duration("1h 30m", "for", "x"))
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> IncidentParser.duration("", "for", "x"))
        .hasMessageContaining("not a duration");
  }
}
