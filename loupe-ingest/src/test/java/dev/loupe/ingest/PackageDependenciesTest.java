package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package rules of package-info.java: {@code decode} and {@code body} may use the root
 * package, the root package uses neither, and they do not use each other. Reads the imports of the
 * sources, which is where a dependency would be added by hand; code here does not use
 * fully-qualified names across packages.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/loupe/ingest");

  @Test
  void rootPackageUsesNeitherSubPackage() {
    assertThat(importsOf(SOURCES, false))
        .noneMatch(
            line ->
                line.contains("dev.loupe.ingest.decode") || line.contains("dev.loupe.ingest.body"));
  }

  @Test
  void decodeAndBodyDoNotUseEachOther() {
    assertThat(importsOf(SOURCES.resolve("decode"), true))
        .noneMatch(line -> line.contains("dev.loupe.ingest.body"));
    assertThat(importsOf(SOURCES.resolve("body"), true))
        .noneMatch(line -> line.contains("dev.loupe.ingest.decode"));
  }

  @Test
  void otlpUsesNeitherDecodeNorBodyAndTheyDoNotUseIt() {
    assertThat(importsOf(SOURCES.resolve("otlp"), true))
        .noneMatch(
            line ->
                line.contains("dev.loupe.ingest.decode") || line.contains("dev.loupe.ingest.body"));
    assertThat(importsOf(SOURCES, true)).noneMatch(line -> line.contains("dev.loupe.ingest.otlp"));
  }

  @Test
  void theRulesSeeTheSources() {
    assertThat(importsOf(SOURCES.resolve("decode"), true))
        .anyMatch(line -> line.equals("import dev.loupe.ingest.IngestLimits;"));
  }

  private static List<String> importsOf(Path directory, boolean recursive) {
    List<String> imports = new ArrayList<>();
    try (Stream<Path> files = recursive ? Files.walk(directory) : Files.list(directory)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        Files.readAllLines(file).stream()
            .filter(line -> line.startsWith("import "))
            .forEach(imports::add);
      }
    } catch (IOException error) {
      throw new UncheckedIOException("cannot read sources under " + directory, error);
    }
    return imports;
  }
}
