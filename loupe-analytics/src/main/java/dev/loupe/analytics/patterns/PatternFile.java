package dev.loupe.analytics.patterns;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads and writes the registry file, format version 1 (drawn in {@code package-info.java} and
 * docs/FORMAT.md). Written whole to a temporary file, fsynced, renamed over the old one, directory
 * fsynced: a crash leaves the old file or the new one, never a mix. Stateless.
 */
final class PatternFile {
  static final int MAGIC = 0x4c504154; // "LPAT"
  static final int VERSION = 1;
  private static final String TEMPORARY_SUFFIX = ".tmp";

  /** One pattern as stored. */
  record StoredPattern(
      String id,
      String tenant,
      String[] firstTokens,
      String[] template,
      long count,
      long firstSeenNanos,
      long lastSeenNanos,
      List<String> samples) {}

  /** The whole file. */
  record Contents(long warmupStartNanos, long savedNanos, List<StoredPattern> patterns) {}

  private PatternFile() {}

  static byte[] encode(Contents contents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + contents.patterns().size() * 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeLong(contents.warmupStartNanos());
      out.writeLong(contents.savedNanos());
      out.writeInt(contents.patterns().size());
      for (StoredPattern pattern : contents.patterns()) {
        writeText(out, pattern.id());
        writeText(out, pattern.tenant());
        writeTokens(out, pattern.firstTokens());
        writeTokens(out, pattern.template());
        out.writeLong(pattern.count());
        out.writeLong(pattern.firstSeenNanos());
        out.writeLong(pattern.lastSeenNanos());
        out.writeByte(pattern.samples().size());
        for (String sample : pattern.samples()) {
          writeText(out, sample);
        }
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException impossible) {
      throw new IllegalStateException("writing to memory failed", impossible);
    }
    return bytes.toByteArray();
  }

  /** Parses a whole file; {@code where} names it in errors. */
  static Contents decode(byte[] bytes, String where) {
    if (bytes.length < 4 + 2 + 8 + 8 + 4 + 4) {
      throw corrupt(where, "it is shorter than a header (" + bytes.length + " bytes)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (buffer.getInt() != MAGIC) {
      throw corrupt(where, "it does not start with the magic LPAT");
    }
    int version = Short.toUnsignedInt(buffer.getShort());
    if (version != VERSION) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "pattern registry "
              + where
              + " has format version "
              + version
              + ", this loupe reads version "
              + VERSION
              + "; run a newer loupe, or move the file away to start a new registry");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      throw corrupt(where, "its checksum does not match");
    }
    try {
      long created = buffer.getLong();
      long saved = buffer.getLong();
      int count = buffer.getInt();
      if (count < 0) {
        throw corrupt(where, "its pattern count is negative");
      }
      List<StoredPattern> patterns = new ArrayList<>(Math.min(count, 1 << 16));
      for (int index = 0; index < count; index++) {
        patterns.add(readPattern(buffer));
      }
      if (buffer.remaining() != 4) {
        throw corrupt(where, (buffer.remaining() - 4) + " bytes follow the last pattern");
      }
      return new Contents(created, saved, patterns);
    } catch (BufferUnderflowException | IllegalArgumentException truncated) {
      throw corrupt(where, "a pattern runs past the end of the file");
    }
  }

  private static StoredPattern readPattern(ByteBuffer buffer) {
    String id = readText(buffer);
    String tenant = readText(buffer);
    String[] first = readTokens(buffer);
    String[] template = readTokens(buffer);
    if (first.length != template.length) {
      throw new IllegalArgumentException("token counts differ");
    }
    long count = buffer.getLong();
    long firstSeen = buffer.getLong();
    long lastSeen = buffer.getLong();
    int sampleCount = Byte.toUnsignedInt(buffer.get());
    List<String> samples = new ArrayList<>(sampleCount);
    for (int sample = 0; sample < sampleCount; sample++) {
      samples.add(readText(buffer));
    }
    return new StoredPattern(id, tenant, first, template, count, firstSeen, lastSeen, samples);
  }

  /** Writes the file atomically into {@code directory} under {@code name}. */
  static void write(Path directory, String name, Contents contents) throws IOException {
    byte[] bytes = encode(contents);
    Path temporary = directory.resolve(name + TEMPORARY_SUFFIX);
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary,
        directory.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
      directoryChannel.force(true);
    }
  }

  private static void writeTokens(DataOutputStream out, String[] tokens) throws IOException {
    out.writeShort(tokens.length);
    for (String token : tokens) {
      writeText(out, token);
    }
  }

  private static String[] readTokens(ByteBuffer buffer) {
    int count = Short.toUnsignedInt(buffer.getShort());
    String[] tokens = new String[count];
    for (int index = 0; index < count; index++) {
      tokens[index] = readText(buffer);
    }
    return tokens;
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readText(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException("text length " + length + " out of range");
    }
    String text = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
    buffer.position(buffer.position() + length);
    return text;
  }

  private static LoupeException corrupt(String where, String what) {
    return new LoupeException(
        ErrorCode.CORRUPT_DATA,
        "pattern registry " + where + " is corrupt: " + what + "; it is set aside on start");
  }
}
