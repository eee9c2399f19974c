package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmitterTest {
  @Test
  void linesComeOutByTimeThenByCreationCutToMicroseconds() {
    Emitter emitter = new Emitter();
    World.Instance checkout = new World().instances(World.CHECKOUT).getFirst();
    emitter.syslog(3_000_999, "app-01", "kernel", 0, TemplateCatalog.KERNEL_CONNTRACK, "1.0");
    emitter.syslog(1_000_000, "app-01", "sshd", 7, TemplateCatalog.SSHD_SESSION_CLOSED, "ops");
    emitter.app(3_000_000, checkout, "main", TemplateCatalog.SERVICE_SHUTDOWN, List.of());
    emitter.syslog(1_000_500, "app-02", "sshd", 8, TemplateCatalog.SSHD_SESSION_CLOSED, "deploy");

    List<Line> lines = new ArrayList<>();
    for (Line line = emitter.poll(); line != null; line = emitter.poll()) {
      lines.add(line);
    }
    assertThat(lines)
        .extracting(Line::timeNanos)
        .containsExactly(1_000_000L, 1_000_000L, 3_000_000L, 3_000_000L);
    assertThat(lines)
        .extracting(Line::content)
        .containsExactly(
            "pam_unix(sshd:session): session closed for user ops",
            "pam_unix(sshd:session): session closed for user deploy",
            "[1.0] nf_conntrack: table full, dropping packet",
            "Commencing graceful shutdown. Waiting for active requests to complete");
    assertThat(lines.get(3).field("logger")).isEqualTo("dev.shop.checkout.CheckoutApplication");
    assertThat(emitter.created()).isEqualTo(4);
  }
}
