package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each format of one line of each kind, byte for byte. */
class FormatsTest {
  private static final long TIME = Simulated.START_NANOS + 5_123_456_000L; // 10:00:05.123456

  private static final Line ACCESS =
      new Line(
          TIME,
          1,
          Source.ACCESS,
          "edge-01",
          "nginx",
          "info",
          TemplateCatalog.access(Route.HOME, 200),
          TemplateCatalog.access(Route.HOME, 200).event(),
          "\"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"",
          "192.0.2.7",
          812,
          List.of(LineField.text("method", "GET"), LineField.number("status", 200)));

  private static final Line APP =
      new Line(
          TIME,
          2,
          Source.APP,
          "app-02",
          "checkout",
          "error",
          TemplateCatalog.CHECKOUT_PAYMENT_ERROR,
          TemplateCatalog.CHECKOUT_PAYMENT_ERROR,
          "order 7 failed: \"x\"\n\tat A.b(A.java:1)",
          null,
          4242,
          List.of(
              LineField.text("logger", "dev.shop.checkout.OrderService"),
              LineField.text("thread", "main"),
              LineField.text("trace_id", "ab]c"),
              LineField.number("latency_ms", 31)));

  private static final Line SYSLOG =
      new Line(
          TIME,
          3,
          Source.SYSLOG,
          "app-03",
          "sshd",
          "info",
          TemplateCatalog.SSHD_INVALID_USER,
          TemplateCatalog.SSHD_INVALID_USER,
          "Invalid user pi from 203.0.113.9 port 50000",
          null,
          777,
          List.of());

  private static final Line KERNEL =
      new Line(
          TIME,
          4,
          Source.SYSLOG,
          "db-01",
          "kernel",
          "warn",
          TemplateCatalog.KERNEL_CONNTRACK,
          TemplateCatalog.KERNEL_CONNTRACK,
          "[ 1234.000001] nf_conntrack: table full, dropping packet",
          null,
          0,
          List.of());

  private static String format(
      java.util.function.BiConsumer<StringBuilder, Line> format, Line line) {
    StringBuilder out = new StringBuilder();
    format.accept(out, line);
    return out.toString();
  }

  @Test
  void ndjsonIsWhatIsShipped() {
    Formats formats = new Formats();
    assertThat(format(formats::ndjson, ACCESS))
        .isEqualTo(
            "{\"_time\":\"2026-11-21T10:00:05.123456Z\",\"service\":\"nginx\",\"host\":\"edge-01\","
                + "\"source\":\"access\",\"level\":\"info\",\"_msg\":\"192.0.2.7 - - [21/Nov/2026:10:00:05"
                + " +0000] \\\"GET / HTTP/1.1\\\" 200 512 \\\"-\\\" \\\"curl/8.5.0\\\"\",\"client_ip\":\"192.0.2.7\","
                + "\"method\":\"GET\",\"status\":200}\n");
    assertThat(format(formats::ndjson, APP))
        .isEqualTo(
            "{\"_time\":\"2026-11-21T10:00:05.123456Z\",\"service\":\"checkout\",\"host\":\"app-02\","
                + "\"source\":\"app\",\"level\":\"error\",\"_msg\":\"order 7 failed: \\\"x\\\"\\n\\tat"
                + " A.b(A.java:1)\",\"logger\":\"dev.shop.checkout.OrderService\",\"thread\":\"main\","
                + "\"trace_id\":\"ab]c\",\"latency_ms\":31}\n");
    assertThat(format(formats::ndjson, SYSLOG))
        .isEqualTo(
            "{\"_time\":\"2026-11-21T10:00:05.123456Z\",\"service\":\"sshd\",\"host\":\"app-03\","
                + "\"source\":\"syslog\",\"level\":\"info\",\"_msg\":\"Invalid user pi from 203.0.113.9"
                + " port 50000\",\"pid\":777,\"facility\":\"authpriv\"}\n");
    assertThat(format(formats::ndjson, KERNEL))
        .contains("\"facility\":\"kern\"}")
        .doesNotContain("pid");
  }

  @Test
  void filesAreInEachProgramsOwnFormat() {
    Formats formats = new Formats();
    assertThat(format(formats::combinedLog, ACCESS))
        .isEqualTo(
            "192.0.2.7 - - [21/Nov/2026:10:00:05 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"\n");
    assertThat(format(formats::appJson, APP))
        .isEqualTo(
            "{\"ts\":\"2026-11-21T10:00:05.123Z\",\"level\":\"ERROR\",\"service\":\"checkout\","
                + "\"logger\":\"dev.shop.checkout.OrderService\",\"thread\":\"main\",\"msg\":\"order 7 failed:"
                + " \\\"x\\\"\\n\\tat A.b(A.java:1)\",\"trace_id\":\"ab]c\",\"latency_ms\":31}\n");
    assertThat(format(formats::syslog3164, SYSLOG))
        .isEqualTo(
            "Nov 21 10:00:05 app-03 sshd[777]: Invalid user pi from 203.0.113.9 port 50000\n");
    assertThat(format(formats::syslog3164, KERNEL))
        .isEqualTo(
            "Nov 21 10:00:05 db-01 kernel: [ 1234.000001] nf_conntrack: table full, dropping packet\n");
  }

  @Test
  void syslog5424CarriesFacilitySeverityAndFields() {
    Formats formats = new Formats();
    assertThat(format(formats::syslog5424, SYSLOG))
        .isEqualTo(
            "<86>1 2026-11-21T10:00:05.123456Z app-03 sshd 777 - - Invalid user pi from 203.0.113.9 port 50000");
    assertThat(format(formats::syslog5424, KERNEL))
        .startsWith("<4>1 2026-11-21T10:00:05.123456Z db-01 kernel - - - [ 1234");
    assertThat(format(formats::syslog5424, ACCESS))
        .isEqualTo(
            "<190>1 2026-11-21T10:00:05.123456Z edge-01 nginx 812 access - 192.0.2.7 - -"
                + " [21/Nov/2026:10:00:05 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"");
    assertThat(format(formats::syslog5424, APP))
        .isEqualTo(
            "<11>1 2026-11-21T10:00:05.123456Z app-02 checkout 4242 app [loupe@32473 level=\"error\""
                + " logger=\"dev.shop.checkout.OrderService\" thread=\"main\" trace_id=\"ab\\]c\""
                + " latency_ms=\"31\"] order 7 failed: \"x\"\n\tat A.b(A.java:1)");
  }
}
