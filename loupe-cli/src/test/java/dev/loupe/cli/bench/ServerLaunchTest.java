package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerLaunchTest {
  @Test
  void runsTheJarAsAUserWould() {
    ServerLaunch launch =
        new ServerLaunch(
            "/jdk/bin/java", " -Xmx512m  -XX:+UseParallelGC ", Path.of("/x/loupe.jar"), null);

    assertThat(launch.command(9999, Path.of("/b/data")))
        .containsExactly(
            "/jdk/bin/java",
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx512m",
            "-XX:+UseParallelGC",
            "-jar",
            "/x/loupe.jar",
            "serve",
            "--port",
            "9999",
            "--data",
            "/b/data");
    assertThat(launch.display())
        .isEqualTo(
            "java --enable-native-access=ALL-UNNAMED -Xmx512m  -XX:+UseParallelGC -jar loupe.jar"
                + " serve --port PORT --data DIR");
  }

  @Test
  void fallsBackToTheClassPathWithoutAJar() {
    ServerLaunch launch = new ServerLaunch("java", "", null, "/classes:/lib/a.jar");

    assertThat(launch.command(1, Path.of("d")))
        .containsExactly(
            "java",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            "/classes:/lib/a.jar",
            ServerLaunch.MAIN_CLASS,
            "serve",
            "--port",
            "1",
            "--data",
            "d");
  }

  @Test
  void passesServeOptionsAfterPortAndData() {
    ServerLaunch launch =
        new ServerLaunch("java", "", Path.of("loupe.jar"), null, " --max-patterns 0 ");

    assertThat(launch.command(1, Path.of("d")))
        .endsWith("serve", "--port", "1", "--data", "d", "--max-patterns", "0");
    assertThat(launch.display()).endsWith("serve --port PORT --data DIR --max-patterns 0");
  }

  @Test
  void needsAJarOrAClassPath() {
    assertThatThrownBy(() -> new ServerLaunch("java", "", null, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
