package dev.loupe.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a run measured, for the report: cores, memory, CPU model, OS and Java (the server
 * runs on the bench's own Java). Read from {@code /proc} on Linux; "unknown" elsewhere.
 */
record MachineInfo(int processors, long memoryBytes, String cpuModel, String os, String java) {
  static MachineInfo detect() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memTotalBytes().orElse(-1L),
        detectCpuModel().orElse("unknown CPU"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.vendor", "")
            + " "
            + System.getProperty("java.vm.name", "Java")
            + " "
            + Runtime.version());
  }

  String describe() {
    String memory = memoryBytes > 0 ? Figures.memory(memoryBytes) + " memory" : "memory unknown";
    return processors + " cores (" + cpuModel + "), " + memory + ", " + os;
  }

  private static Optional<Long> memTotalBytes() {
    return procLine(Path.of("/proc/meminfo"), "MemTotal:")
        .map(value -> Long.parseLong(value.replace("kB", "").trim()) * 1024);
  }

  private static Optional<String> detectCpuModel() {
    return procLine(Path.of("/proc/cpuinfo"), "model name")
        .map(value -> value.replaceFirst("^\\s*:\\s*", ""));
  }

  private static Optional<String> procLine(Path file, String prefix) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        if (line.startsWith(prefix)) {
          return Optional.of(line.substring(prefix.length()).trim());
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
