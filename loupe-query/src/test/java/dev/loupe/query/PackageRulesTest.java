package dev.loupe.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keeps the module's dependencies one way (see package-info.java): {@code filter} knows neither the
 * language nor the executor, {@code lang} does not know the executor, and only storage's public
 * read API is used, never its internals. Plain source scanning: imports are the dependencies here.
 */
class PackageRulesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/loupe/query");

  @ParameterizedTest(name = "{0} does not import {1}")
  @CsvSource({
    "filter, dev.loupe.query.lang",
    "filter, dev.loupe.query.exec",
    "lang,   dev.loupe.query.exec",
    "filter, dev.loupe.storage.",
    "lang,   dev.loupe.storage.",
    "exec,   dev.loupe.storage.",
    "pipe,   dev.loupe.query.lang",
    "pipe,   dev.loupe.query.exec",
    "pipe,   dev.loupe.storage",
    "stats,  dev.loupe.query.lang",
    "stats,  dev.loupe.query.exec",
    "stats,  dev.loupe.query.pipe",
    "stats,  dev.loupe.storage",
  })
  void dependenciesRunOneWay(String packageName, String forbiddenPrefix) throws IOException {
    assertThat(importsOf(SOURCES.resolve(packageName)))
        .noneMatch(imported -> startsWithForbidden(imported, forbiddenPrefix));
  }

  /** {@code dev.loupe.storage.Block} is the public API; {@code dev.loupe.storage.part.X} is not. */
  private static boolean startsWithForbidden(String imported, String forbiddenPrefix) {
    if (forbiddenPrefix.equals("dev.loupe.storage.")) {
      return imported.startsWith(forbiddenPrefix)
          && imported.substring(forbiddenPrefix.length()).contains(".");
    }
    return imported.startsWith(forbiddenPrefix);
  }

  private static List<String> importsOf(Path directory) throws IOException {
    List<String> imports = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import ")) {
            imports.add(line.replace("import static ", "").replace("import ", "").replace(";", ""));
          }
        }
      }
    }
    assertThat(imports).as("sources found under %s", directory).isNotEmpty();
    return imports;
  }
}
