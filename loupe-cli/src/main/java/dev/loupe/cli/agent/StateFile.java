package dev.loupe.cli.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads and writes the agent's {@link AgentState} file: one line of JSON, then a line {@code crc32c
 * XXXXXXXX} with the checksum of the JSON bytes. JSON so that a person can read the offsets (as
 * with Promtail's positions file); the checksum so that a damaged file is refused rather than read
 * as wrong offsets.
 *
 * <pre>
 * {"format":"loupe-agent-state","version":1,"next_segment":42,"files":[{"device":2049,
 *  "inode":1311,"fingerprint_length":1024,"fingerprint_crc32c":3735928559,"offset":8192,
 *  "label":"/var/log/app.log","path":"/var/log/app.log"}]}
 * crc32c 9a0b1c2d
 * </pre>
 *
 * <p>Written atomically: to a temporary file, fsynced, renamed over the old one, directory fsynced.
 * A crash leaves the old state or the new one, never a mix. Called by the reader thread only.
 */
final class StateFile {
  static final String FORMAT = "loupe-agent-state";
  static final int VERSION = 1;
  private static final String CHECKSUM_PREFIX = "crc32c ";
  private static final JsonFactory JSON = new JsonFactory();

  private StateFile() {}

  /**
   * The stored state, or null when there is none (the very first start).
   *
   * @throws LoupeException CORRUPT_DATA when the file fails its checksum or cannot be parsed, with
   *     how to start over
   */
  static AgentState readOrNull(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return null;
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.INTERNAL, "cannot read " + file + ": " + failure, failure);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int split = text.lastIndexOf("\n" + CHECKSUM_PREFIX);
    if (split < 0) {
      throw corrupt(file, "no checksum line");
    }
    String json = text.substring(0, split);
    String stored = text.substring(split + 1 + CHECKSUM_PREFIX.length()).strip();
    if (!checksum(json).equals(stored)) {
      throw corrupt(file, "checksum mismatch");
    }
    try {
      return parse(json, file);
    } catch (IOException | RuntimeException failure) {
      throw corrupt(file, failure.getMessage());
    }
  }

  static void write(Path file, AgentState state) throws IOException {
    String json = render(state);
    String text = json + "\n" + CHECKSUM_PREFIX + checksum(json) + "\n";
    DurableFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static String render(AgentState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeNumberField("version", VERSION);
      json.writeNumberField("next_segment", state.nextSegment());
      json.writeArrayFieldStart("files");
      for (AgentState.FileOffset file : state.files()) {
        json.writeStartObject();
        json.writeNumberField("device", file.identity().device());
        json.writeNumberField("inode", file.identity().inode());
        json.writeNumberField("fingerprint_length", file.fingerprint().length());
        json.writeNumberField("fingerprint_crc32c", file.fingerprint().checksum());
        json.writeNumberField("offset", file.offset());
        json.writeStringField("label", file.label());
        json.writeStringField("path", file.path().toString());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static AgentState parse(String text, Path file) throws IOException {
    try (JsonParser json = JSON.createParser(text)) {
      expect(json.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
      String format = null;
      long version = -1;
      long nextSegment = -1;
      List<AgentState.FileOffset> files = new ArrayList<>();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        switch (name) {
          case "format" -> format = json.getText();
          case "version" -> version = json.getLongValue();
          case "next_segment" -> nextSegment = json.getLongValue();
          case "files" -> {
            expect(json.currentToken() == JsonToken.START_ARRAY, "files is not an array");
            while (json.nextToken() == JsonToken.START_OBJECT) {
              files.add(parseFile(json));
            }
          }
          default -> json.skipChildren();
        }
      }
      expect(FORMAT.equals(format), "format is not " + FORMAT);
      if (version > VERSION) {
        throw new LoupeException(
            ErrorCode.CORRUPT_DATA,
            "state file "
                + file
                + " has format version "
                + version
                + ", written by a newer loupe agent; this one reads version "
                + VERSION
                + ": upgrade the agent, or use another --data-dir");
      }
      expect(version >= 1, "no version");
      return new AgentState(nextSegment, files);
    }
  }

  private static AgentState.FileOffset parseFile(JsonParser json) throws IOException {
    long device = 0;
    long inode = 0;
    int fingerprintLength = 0;
    long fingerprintChecksum = 0;
    long offset = 0;
    String label = null;
    String path = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      json.nextToken();
      switch (name) {
        case "device" -> device = json.getLongValue();
        case "inode" -> inode = json.getLongValue();
        case "fingerprint_length" -> fingerprintLength = json.getIntValue();
        case "fingerprint_crc32c" -> fingerprintChecksum = json.getLongValue();
        case "offset" -> offset = json.getLongValue();
        case "label" -> label = json.getText();
        case "path" -> path = json.getText();
        default -> json.skipChildren();
      }
    }
    expect(label != null && path != null, "a file entry lacks its label or path");
    return new AgentState.FileOffset(
        new FileIdentity(device, inode),
        new Fingerprint(fingerprintLength, fingerprintChecksum),
        offset,
        label,
        Path.of(path));
  }

  private static void expect(boolean condition, String what) throws IOException {
    if (!condition) {
      throw new IOException(what);
    }
  }

  private static String checksum(String json) {
    CRC32C crc = new CRC32C();
    crc.update(json.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  private static LoupeException corrupt(Path file, String what) {
    return new LoupeException(
        ErrorCode.CORRUPT_DATA,
        "state file "
            + file
            + " is damaged ("
            + what
            + "); move it away to start over (files are then read again per --read-from,"
            + " so some lines may be sent twice)");
  }
}
