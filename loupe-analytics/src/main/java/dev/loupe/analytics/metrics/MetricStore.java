package dev.loupe.analytics.metrics;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store of derived points: append-only day files of checksummed frames in {@code
 * <data>/metrics/}, all read into memory at open (a month of a few rules is a few MB), with
 * retention by whole day files. Layout in {@link dev.loupe.analytics.metrics} and docs/FORMAT.md.
 *
 * <p>Why its own files and not records of a hidden tenant in the log store: points are written once
 * per rule and window and read by rule and time, never searched by text; a hidden tenant would need
 * guards in every query path so users could neither see nor forge points, while a separate
 * directory is out of their reach by construction.
 *
 * <p>Threads: {@link #append} from the metric engine's thread; reads from any thread (synchronized:
 * the store is small and reads are rare).
 */
public final class MetricStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricStore.class);

  /** Directory under the data directory. */
  public static final String DIRECTORY = "metrics";

  static final byte[] MAGIC = "LPMETRIC".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_BYTES = 16;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** One frame: what one rule closed at once. */
  public record Frame(
      String rule, int fingerprint, long closedThroughMillis, List<MetricPoint> points) {
    public Frame {
      requireNonNull(rule, "rule is null");
      points = List.copyOf(points);
    }
  }

  private record SeriesKey(String rule, int fingerprint) {}

  private final Path directory;
  private final Duration retention;
  private final Map<SeriesKey, NavigableMap<Long, List<MetricPoint>>> points = new HashMap<>();
  private final Map<SeriesKey, Long> closedThrough = new HashMap<>();
  private FileChannel current;
  private LocalDate currentDay;
  private long framesRead;
  private long framesDropped;

  private MetricStore(Path directory, Duration retention) {
    this.directory = directory;
    this.retention = retention;
  }

  /** Opens (creating) the store under {@code dataDirectory} and reads every frame. */
  public static MetricStore open(Path dataDirectory, Duration retention) {
    MetricStore store = new MetricStore(dataDirectory.resolve(DIRECTORY), retention);
    try {
      Files.createDirectories(store.directory);
      store.readAll();
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot open metrics store " + store.directory, failure);
    }
    return store;
  }

  /** The end of the last window persisted for this rule definition, or null if none. */
  public synchronized Long closedThrough(String rule, int fingerprint) {
    return closedThrough.get(new SeriesKey(rule, fingerprint));
  }

  /** Writes frames durably (one fsync for all) and indexes their points. */
  public synchronized void append(List<Frame> frames) {
    try {
      FileChannel channel = null;
      for (Frame frame : frames) {
        byte[] payload = encode(frame);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer buffer = ByteBuffer.allocate(8 + payload.length);
        buffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        FileChannel target = channelFor(dayOf(frame.closedThroughMillis()));
        if (channel != null && channel != target) {
          channel.force(false);
        }
        channel = target;
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      if (channel != null) {
        channel.force(false);
      }
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL, "cannot write metrics frames to " + directory + ": " + failure);
    }
    for (Frame frame : frames) {
      index(frame);
    }
  }

  /** Points of a rule definition whose window starts in {@code [startMillis, endMillis)}. */
  public synchronized List<MetricPoint> points(
      String rule, int fingerprint, long startMillis, long endMillis) {
    NavigableMap<Long, List<MetricPoint>> series = points.get(new SeriesKey(rule, fingerprint));
    if (series == null || startMillis >= endMillis) {
      return List.of();
    }
    List<MetricPoint> found = new ArrayList<>();
    for (List<MetricPoint> window : series.subMap(startMillis, true, endMillis, false).values()) {
      found.addAll(window);
    }
    return found;
  }

  /** The points of the newest closed window of a rule definition (for /metrics). */
  public synchronized List<MetricPoint> latest(String rule, int fingerprint) {
    NavigableMap<Long, List<MetricPoint>> series = points.get(new SeriesKey(rule, fingerprint));
    if (series == null || series.isEmpty()) {
      return List.of();
    }
    return series.lastEntry().getValue();
  }

  /** Deletes day files and forgets points older than the retention before {@code now}. */
  public synchronized void applyRetention(Instant now) {
    LocalDate oldestKept = LocalDate.ofInstant(now.minus(retention), ZoneOffset.UTC);
    long cutoffMillis = oldestKept.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    for (Path file : files()) {
      LocalDate day = dayOfFile(file);
      if (day != null && day.isBefore(oldestKept) && !day.equals(currentDay)) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException failure) {
          LOG.warn("cannot delete expired metrics file file={} error={}", file, failure.toString());
        }
      }
    }
    for (NavigableMap<Long, List<MetricPoint>> series : points.values()) {
      series.headMap(cutoffMillis, false).clear();
    }
  }

  public synchronized long framesRead() {
    return framesRead;
  }

  /** Frames skipped at open because their checksum or length was wrong (a torn tail). */
  public synchronized long framesDropped() {
    return framesDropped;
  }

  @Override
  public synchronized void close() {
    if (current == null) {
      return;
    }
    try {
      current.close();
    } catch (IOException failure) {
      LOG.warn("cannot close metrics file error={}", failure.toString());
    }
    current = null;
  }

  private FileChannel channelFor(LocalDate day) throws IOException {
    if (current != null && day.equals(currentDay)) {
      return current;
    }
    close();
    Path file = directory.resolve("points-" + DAY.format(day) + ".lpm");
    boolean fresh = !Files.exists(file) || Files.size(file) < HEADER_BYTES;
    current =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    if (fresh) {
      current.truncate(0);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      header.put(MAGIC).putInt(VERSION).putInt(0).flip();
      current.write(header);
    }
    currentDay = day;
    return current;
  }

  private void readAll() throws IOException {
    for (Path file : files()) {
      readFile(file);
    }
  }

  private List<Path> files() {
    try (Stream<Path> listing = Files.list(directory)) {
      return new ArrayList<>(
          new TreeSet<>(listing.filter(path -> dayOfFile(path) != null).toList()));
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  private void readFile(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < HEADER_BYTES) {
      LOG.warn("metrics file shorter than its header, ignored file={}", file);
      return;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    int version = buffer.getInt();
    buffer.getInt();
    if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "metrics file " + file + " is not a version " + VERSION + " Loupe metrics file");
    }
    while (buffer.remaining() >= 8) {
      int start = buffer.position();
      int length = buffer.getInt();
      int checksum = buffer.getInt();
      if (length < 0 || length > buffer.remaining()) {
        dropTail(file, start, bytes.length);
        return;
      }
      byte[] payload = new byte[length];
      buffer.get(payload);
      CRC32C crc = new CRC32C();
      crc.update(payload);
      if ((int) crc.getValue() != checksum) {
        dropTail(file, start, bytes.length);
        return;
      }
      index(decode(payload));
      framesRead++;
    }
    if (buffer.hasRemaining()) {
      dropTail(file, buffer.position(), bytes.length);
    }
  }

  /** A torn or corrupt tail: cut it so new frames are appended after the last good one. */
  private void dropTail(Path file, long goodBytes, long totalBytes) throws IOException {
    framesDropped++;
    LOG.warn(
        "metrics file has a torn or corrupt tail, cut file={} goodBytes={} droppedBytes={}",
        file,
        goodBytes,
        totalBytes - goodBytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(goodBytes);
    }
  }

  private void index(Frame frame) {
    SeriesKey key = new SeriesKey(frame.rule(), frame.fingerprint());
    NavigableMap<Long, List<MetricPoint>> series =
        points.computeIfAbsent(key, k -> new TreeMap<>());
    for (MetricPoint point : frame.points()) {
      series.computeIfAbsent(point.startMillis(), k -> new ArrayList<>()).add(point);
    }
    closedThrough.merge(key, frame.closedThroughMillis(), Math::max);
  }

  static byte[] encode(Frame frame) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + frame.points().size() * 48);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(frame.rule());
      out.writeInt(frame.fingerprint());
      out.writeLong(frame.closedThroughMillis());
      out.writeInt(frame.points().size());
      for (MetricPoint point : frame.points()) {
        out.writeLong(point.startMillis());
        out.writeLong(point.endMillis());
        out.writeShort(point.labels().size());
        for (Map.Entry<String, String> label : point.labels().entrySet()) {
          out.writeUTF(clip(label.getKey()));
          out.writeUTF(clip(label.getValue()));
        }
        out.writeDouble(point.value());
      }
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  static Frame decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
    String rule = in.readUTF();
    int fingerprint = in.readInt();
    long closedThroughMillis = in.readLong();
    int count = in.readInt();
    List<MetricPoint> points = new ArrayList<>(Math.min(count, 1 << 16));
    for (int index = 0; index < count; index++) {
      long start = in.readLong();
      long end = in.readLong();
      int labelCount = in.readShort();
      TreeMap<String, String> labels = new TreeMap<>();
      for (int label = 0; label < labelCount; label++) {
        labels.put(in.readUTF(), in.readUTF());
      }
      points.add(new MetricPoint(start, end, labels, in.readDouble()));
    }
    return new Frame(rule, fingerprint, closedThroughMillis, points);
  }

  private static String clip(String text) {
    return text.length() <= AnalyticsLimits.MAX_LABEL_VALUE_CHARS
        ? text
        : text.substring(0, AnalyticsLimits.MAX_LABEL_VALUE_CHARS);
  }

  private static LocalDate dayOf(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static LocalDate dayOfFile(Path file) {
    String name = file.getFileName().toString();
    if (!name.startsWith("points-") || !name.endsWith(".lpm") || name.length() != 19) {
      return null;
    }
    try {
      return LocalDate.parse(name.substring(7, 15), DAY);
    } catch (java.time.format.DateTimeParseException notOurs) {
      return null;
    }
  }
}
