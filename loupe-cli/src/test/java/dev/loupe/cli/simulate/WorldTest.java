package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorldTest {
  @Test
  void servicesRunOnKnownHostsWithStablePids() {
    World world = new World();
    World again = new World();
    for (World.Service service : World.SERVICES) {
      assertThat(World.HOSTS).containsAll(service.hosts());
      assertThat(world.instances(service))
          .hasSameSizeAs(service.hosts())
          .isEqualTo(again.instances(service));
    }
    assertThat(world.instancesOn("db-01")).isEmpty();
    assertThat(world.instancesOn("edge-01"))
        .extracting(instance -> instance.service().name())
        .containsExactly("gateway");
    assertThat(world.daemonPid("edge-01", "nginx")).isEqualTo(again.daemonPid("edge-01", "nginx"));
  }

  @Test
  void aUserIsAlwaysTheSamePerson() {
    assertThat(World.userId(42)).isEqualTo("u_000042");
    assertThat(World.email(42)).isEqualTo(World.email(42)).matches("[a-z]+\\.[a-z]+\\d+@[a-z.]+");
    assertThat(World.email(42)).isNotEqualTo(World.email(43));
    assertThat(World.sku(7)).isEqualTo("SKU-00007");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> World.service("billing"))
        .hasMessageContaining("services: [gateway, auth");
    assertThatThrownBy(() -> World.checkHost("web-01")).hasMessageContaining("hosts: [edge-01");
  }
}
