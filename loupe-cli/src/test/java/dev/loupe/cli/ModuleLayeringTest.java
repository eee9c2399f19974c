package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.core.LogRecord;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.server.LoupeServer;
import dev.loupe.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module layering of docs/ARCHITECTURE.md true in the compiled code: a module uses only
 * the modules above it (core, storage, ingest, query, analytics, server, cli), and query does not
 * use ingest. The CLI sees every module on its test class path, so the check lives here.
 *
 * <p>Design note: the check reads each class file's constant pool, which names every class the code
 * refers to: CONSTANT_Class entries, and the field, method and generic signatures held in
 * CONSTANT_Utf8 entries. A reader of the pool is about 60 lines; ArchUnit would do the same with a
 * new dependency (and it is not in the offline repository), and the JDK's {@code
 * java.lang.classfile} API is not available under {@code --release 21}. String literals are
 * skipped, so a class reached only by name through reflection ({@code Class.forName}) is not seen;
 * Maven's module dependencies still stop the compiler from using a module a pom does not list.
 */
final class ModuleLayeringTest {

  /** A module, a class known to live in it, and the modules (itself included) it may use. */
  private record Module(String name, Class<?> knownClass, Set<String> mayUse) {}

  /** docs/ARCHITECTURE.md, "Modules": one layer a module, each above the next. */
  private static final List<Module> MODULES =
      List.of(
          new Module("core", LogRecord.class, Set.of("core")),
          new Module("storage", Storage.class, Set.of("core", "storage")),
          new Module("ingest", IngestLimits.class, Set.of("core", "storage", "ingest")),
          // The query engine knows nothing of request bodies and decoders, though ingest is above.
          new Module("query", QueryParser.class, Set.of("core", "storage", "query")),
          // Analytics evaluates rules on the append stream and queries; it never sees decoders.
          new Module(
              "analytics",
              MetricEngine.class,
              Set.of("core", "storage", "ingest", "query", "analytics")),
          new Module(
              "server",
              LoupeServer.class,
              Set.of("core", "storage", "ingest", "query", "analytics", "server")),
          new Module(
              "cli",
              LoupeCommand.class,
              Set.of("core", "storage", "ingest", "query", "analytics", "server", "cli")));

  private static final Pattern LOUPE_CLASS = Pattern.compile("dev/loupe/[A-Za-z0-9_$/]+");

  @Test
  void everyModuleUsesOnlyTheModulesAboveIt() {
    List<String> violations = new ArrayList<>();
    for (Module module : MODULES) {
      violations.addAll(violations(module, classesOf(module)));
    }
    assertThat(violations)
        .as("references that break the module layering of docs/ARCHITECTURE.md")
        .isEmpty();
  }

  /** The check attributes a class to a module by its package; this keeps that true. */
  @Test
  void everyModuleHoldsItsKnownClassAndOnlyItsOwnPackage() {
    for (Module module : MODULES) {
      List<String> classNames = classesOf(module).stream().map(ClassReferences::className).toList();
      assertThat(classNames)
          .as("classes of loupe-%s", module.name())
          .contains(internalName(module.knownClass()))
          .allMatch(name -> name.startsWith("dev/loupe/" + module.name() + "/"));
    }
  }

  /** Not vacuous: forbid an edge the server really uses, and the check must name it. */
  @Test
  void reportsARealEdgeOnceItIsForbidden() {
    Module serverWithoutStorage =
        new Module(
            "server", LoupeServer.class, Set.of("core", "ingest", "query", "analytics", "server"));

    List<String> violations = violations(serverWithoutStorage, classesOf(serverWithoutStorage));

    assertThat(violations)
        .contains(
            "dev/loupe/server/LoupeServer (loupe-server) uses"
                + " dev/loupe/storage/Storage (loupe-storage)")
        .allMatch(violation -> violation.endsWith("(loupe-storage)"));
  }

  @Test
  void readerSeesDescriptorsSignaturesAndClassConstantsButNotStrings() throws IOException {
    ClassReferences fixture = read(classFileBytes(Fixture.class));

    assertThat(fixture.className()).isEqualTo("dev/loupe/cli/ModuleLayeringTest$Fixture");
    assertThat(fixture.referencedClasses())
        .contains(
            "dev/loupe/server/LoupeServer", // field descriptor
            "dev/loupe/query/lang/QueryParser", // generic signature only: erased to List
            "dev/loupe/ingest/IngestLimits", // method descriptor
            "dev/loupe/storage/Storage") // class constant
        .doesNotContain(Fixture.NOT_A_REFERENCE);
  }

  @Test
  void violationNamesTheClassAndWhatItUses() throws IOException {
    ClassReferences fixture = read(classFileBytes(Fixture.class));
    Module pretendCore = new Module("core", LogRecord.class, Set.of("core", "cli"));

    assertThat(violations(pretendCore, List.of(fixture)))
        .containsExactly(
            "dev/loupe/cli/ModuleLayeringTest$Fixture (loupe-core) uses"
                + " dev/loupe/ingest/IngestLimits (loupe-ingest)",
            "dev/loupe/cli/ModuleLayeringTest$Fixture (loupe-core) uses"
                + " dev/loupe/query/lang/QueryParser (loupe-query)",
            "dev/loupe/cli/ModuleLayeringTest$Fixture (loupe-core) uses"
                + " dev/loupe/server/LoupeServer (loupe-server)",
            "dev/loupe/cli/ModuleLayeringTest$Fixture (loupe-core) uses"
                + " dev/loupe/storage/Storage (loupe-storage)");
  }

  /** Input for the reader: one reference of each kind, and a string that only looks like one. */
  @SuppressWarnings("unused")
  static final class Fixture {
    static final String NOT_A_REFERENCE = "dev/loupe/storage/NotAClass";

    private LoupeServer field;
    private List<QueryParser> generic;

    Object method(IngestLimits limits) {
      return Storage.class;
    }
  }

  /** One line per reference {@code module} may not make, sorted. */
  private static List<String> violations(Module module, List<ClassReferences> classes) {
    Set<String> violations = new TreeSet<>();
    for (ClassReferences references : classes) {
      for (String referenced : references.referencedClasses()) {
        String referencedModule = referenced.split("/")[2];
        if (!module.mayUse().contains(referencedModule)) {
          violations.add(
              references.className()
                  + " (loupe-"
                  + module.name()
                  + ") uses "
                  + referenced
                  + " (loupe-"
                  + referencedModule
                  + ")");
        }
      }
    }
    return List.copyOf(violations);
  }

  /** The internal name of a class file and the dev.loupe classes it refers to. */
  private record ClassReferences(String className, Set<String> referencedClasses) {}

  /** Every class of the module's jar or classes directory, wherever its known class came from. */
  private static List<ClassReferences> classesOf(Module module) {
    try {
      Path location =
          Path.of(module.knownClass().getProtectionDomain().getCodeSource().getLocation().toURI());
      List<byte[]> classFiles =
          Files.isDirectory(location) ? classFilesInDirectory(location) : classFilesInJar(location);
      List<ClassReferences> classes = new ArrayList<>();
      for (byte[] classFile : classFiles) {
        classes.add(read(classFile));
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<byte[]> classFilesInDirectory(Path directory) throws IOException {
    List<byte[]> classFiles = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.filter(ModuleLayeringTest::isClassFile).sorted().toList()) {
        classFiles.add(Files.readAllBytes(path));
      }
    }
    return classFiles;
  }

  private static List<byte[]> classFilesInJar(Path jar) throws IOException {
    List<byte[]> classFiles = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (!entry.getName().startsWith("META-INF/") && isClassFile(Path.of(entry.getName()))) {
          try (InputStream in = zip.getInputStream(entry)) {
            classFiles.add(in.readAllBytes());
          }
        }
      }
    }
    return classFiles;
  }

  private static boolean isClassFile(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".class") && !name.equals("module-info.class");
  }

  private static byte[] classFileBytes(Class<?> type) throws IOException {
    String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      assertThat(in).as("class file of %s", type).isNotNull();
      return in.readAllBytes();
    }
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  /**
   * Reads the constant pool (JVMS 4.4): every CONSTANT_Utf8 except those used only as string
   * literals, searched for internal names under {@code dev/loupe/}. That covers class constants,
   * descriptors ({@code Ldev/loupe/core/LogRecord;}) and generic signatures alike.
   */
  static ClassReferences read(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file: bad magic number");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] texts = new String[count];
    int[] classNameIndexes = new int[count];
    Set<Integer> stringLiteralIndexes = new HashSet<>();
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> texts[index] = in.readUTF(); // Utf8: the class file's modified UTF-8
        case 7 -> classNameIndexes[index] = in.readUnsignedShort(); // Class
        case 8 -> stringLiteralIndexes.add(in.readUnsignedShort()); // String
        case 16, 19, 20 -> in.skipBytes(2); // MethodType (its Utf8 is read anyway), Module, Package
        case 15 -> in.skipBytes(3); // MethodHandle
        case 3, 4, 9, 10, 11, 12, 17, 18 ->
            in.skipBytes(4); // numbers, member refs, (Invoke)Dynamic
        case 5, 6 -> {
          in.skipBytes(8); // Long and Double take two entries
          index++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + index);
      }
    }
    in.readUnsignedShort(); // access flags
    String className = texts[classNameIndexes[in.readUnsignedShort()]];
    for (int nameIndex : classNameIndexes) {
      stringLiteralIndexes.remove(nameIndex); // also a class name, so a reference after all
    }
    Set<String> referenced = new TreeSet<>();
    for (int index = 1; index < count; index++) {
      if (texts[index] == null || stringLiteralIndexes.contains(index)) {
        continue;
      }
      Matcher matcher = LOUPE_CLASS.matcher(texts[index]);
      while (matcher.find()) {
        referenced.add(matcher.group());
      }
    }
    return new ClassReferences(className, referenced);
  }
}
