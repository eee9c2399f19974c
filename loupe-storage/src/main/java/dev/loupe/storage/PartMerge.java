package dev.loupe.storage;

import dev.loupe.storage.part.MergeResult;
import dev.loupe.storage.part.Part;
import dev.loupe.storage.part.PartMerger;
import dev.loupe.storage.part.PartWriterOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges parts of one partition into one with {@link PartMerger}: blocks that overlap no other are
 * copied verbatim, the rest k-way merged row by row, so memory stays at one block per input.
 *
 * <p>Crash safety: before the output is renamed into place, a {@code merge-intent} file lists the
 * output and the inputs. If the process dies after the rename but before every input is renamed
 * away, the next start finds the intent and the output, and deletes the leftover inputs; if it dies
 * before the rename, the temporary output is deleted and the inputs stay. Either way every row is
 * in exactly one live part.
 */
final class PartMerge {
  private static final Logger LOG = LoggerFactory.getLogger(PartMerge.class);

  private PartMerge() {}

  static void run(Storage storage, List<PartHandle> inputs) {
    String partition = inputs.get(0).partition();
    Path partitionDirectory = storage.partitionsDirectory().resolve(partition);
    long sequence = storage.nextPartSequence();
    Path temporary =
        partitionDirectory.resolve(FileNames.TEMPORARY_PREFIX + FileNames.partName(sequence));
    Path target = partitionDirectory.resolve(FileNames.partName(sequence));
    long started = System.nanoTime();
    StorageConfig config = storage.config();
    List<Part> parts = new ArrayList<>(inputs.size());
    for (PartHandle input : inputs) {
      parts.add(input.part());
    }
    // Writes under the temporary name; on failure the writer deletes it and the inputs stay.
    MergeResult result =
        PartMerger.merge(
            parts, temporary, new PartWriterOptions(config.blockRows(), config.zstdLevel()));
    try {
      writeIntent(partitionDirectory, target, inputs);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      Directories.fsync(partitionDirectory);
      PartHandle output = new PartHandle(Part.open(target), partition, sequence);
      if (!storage.swapParts(inputs, output)) {
        LOG.info("merge output {} discarded: retention dropped its inputs meanwhile", target);
        output.retire();
      } else {
        for (PartHandle input : inputs) {
          input.retire();
        }
      }
      Files.deleteIfExists(partitionDirectory.resolve(FileNames.MERGE_INTENT));
      Directories.fsync(partitionDirectory);
    } catch (IOException failure) {
      throw new UncheckedIOException("merge into " + target + " failed", failure);
    }
    LOG.info(
        "merged partition={} inputs={} output={} rows={} copiedBlocks={} copiedRows={}"
            + " rewrittenBlocks={} millis={}",
        partition,
        inputs.size(),
        target.getFileName(),
        result.info().rows(),
        result.copiedBlocks(),
        result.copiedRows(),
        result.rewrittenBlocks(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void writeIntent(Path partitionDirectory, Path target, List<PartHandle> inputs)
      throws IOException {
    StringBuilder text = new StringBuilder(target.getFileName().toString()).append('\n');
    for (PartHandle input : inputs) {
      text.append(input.part().directory().getFileName()).append('\n');
    }
    Path temporary =
        partitionDirectory.resolve(FileNames.TEMPORARY_PREFIX + FileNames.MERGE_INTENT);
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(
        temporary,
        partitionDirectory.resolve(FileNames.MERGE_INTENT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Directories.fsync(partitionDirectory);
  }

  /** Finishes or undoes a merge that a crash interrupted (see the class comment). */
  static void recoverIntent(Path partitionDirectory) throws IOException {
    Path intent = partitionDirectory.resolve(FileNames.MERGE_INTENT);
    if (!Files.exists(intent)) {
      return;
    }
    List<String> lines = Files.readAllLines(intent, StandardCharsets.UTF_8);
    if (!lines.isEmpty() && Files.isDirectory(partitionDirectory.resolve(lines.get(0)))) {
      for (String input : lines.subList(1, lines.size())) {
        if (!input.isBlank()) {
          LOG.info("finishing an interrupted merge: deleting input {}", input);
          PartHandle.deleteRecursively(partitionDirectory.resolve(input));
        }
      }
    }
    Files.delete(intent);
    Directories.fsync(partitionDirectory);
  }
}
