package dev.loupe.cli.agent;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files that the {@code --path} globs match and no {@code --exclude} glob does.
 *
 * <p>Each glob is split into a root (its leading directories without glob characters) and the rest;
 * the root is walked only as deep as the rest has path segments, or without limit when the rest has
 * {@code **}. Globs use Java's syntax ({@code *}, {@code ?}, {@code [a-z]}, {@code {a,b}}; {@code
 * *} stays within a directory, {@code **} crosses directories). Relative globs are taken from the
 * working directory. Symbolic links to files are followed (as in {@code /var/log/containers}).
 *
 * <p>Immutable and thread-safe; {@link #expand} walks the file system each call.
 */
final class FileGlob {
  private static final Logger LOG = LoggerFactory.getLogger(FileGlob.class);

  private record Include(String glob, Path root, int depth, PathMatcher matcher) {}

  private record Exclude(String glob, boolean wholePath, PathMatcher matcher) {}

  private final List<Include> includes;
  private final List<Exclude> excludes;
  private final Set<Path> unreadableReported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private FileGlob(List<Include> includes, List<Exclude> excludes) {
    this.includes = includes;
    this.excludes = excludes;
  }

  /**
   * @throws LoupeException BAD_REQUEST for a glob Java cannot read, saying which
   */
  static FileGlob of(List<String> includeGlobs, List<String> excludeGlobs) {
    List<Include> includes = new ArrayList<>();
    for (String glob : includeGlobs) {
      includes.add(include(glob));
    }
    List<Exclude> excludes = new ArrayList<>();
    for (String glob : excludeGlobs) {
      boolean wholePath = glob.contains("/");
      String pattern = wholePath ? absolute(glob) : glob;
      excludes.add(new Exclude(glob, wholePath, matcher(pattern, glob, "--exclude")));
    }
    return new FileGlob(List.copyOf(includes), List.copyOf(excludes));
  }

  /** The regular files matched now, absolute and normalised, sorted by path. */
  List<Path> expand() {
    Set<Path> found = new TreeSet<>();
    for (Include include : includes) {
      if (!Files.isDirectory(include.root())) {
        continue;
      }
      walk(include, found);
    }
    found.removeIf(this::excluded);
    return List.copyOf(found);
  }

  boolean excluded(Path path) {
    for (Exclude exclude : excludes) {
      Path subject = exclude.wholePath() ? path : path.getFileName();
      if (subject != null && exclude.matcher().matches(subject)) {
        return true;
      }
    }
    return false;
  }

  /** The directories the globs start from, for messages ("no file matches yet in ..."). */
  List<Path> roots() {
    return includes.stream().map(Include::root).distinct().toList();
  }

  private void walk(Include include, Set<Path> found) {
    try {
      Files.walkFileTree(
          include.root(),
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          include.depth(),
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile() && include.matcher().matches(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) {
              reportUnreadable(file, failure);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException failure) {
      reportUnreadable(include.root(), failure);
    }
  }

  /** Once per path: a directory without permission is a setup matter, not worth a line a scan. */
  private void reportUnreadable(Path path, IOException failure) {
    if (unreadableReported.add(path)) {
      LOG.warn("cannot read path={} error=\"{}\" (skipped; check permissions)", path, failure);
    }
  }

  private static Include include(String glob) {
    if (glob.isBlank()) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, "--path must not be empty");
    }
    String pattern = absolute(glob);
    List<String> segments = List.of(pattern.substring(1).split("/", -1));
    int firstGlob = 0;
    while (firstGlob < segments.size() && !hasGlobCharacters(segments.get(firstGlob))) {
      firstGlob++;
    }
    if (firstGlob == segments.size()) {
      firstGlob = segments.size() - 1; // a plain path: its directory is the root
    }
    Path root = Path.of("/" + String.join("/", segments.subList(0, firstGlob)));
    List<String> rest = segments.subList(firstGlob, segments.size());
    boolean recursive = rest.stream().anyMatch(segment -> segment.contains("**"));
    int depth = recursive ? Integer.MAX_VALUE : rest.size();
    return new Include(glob, root, depth, matcher(pattern, glob, "--path"));
  }

  private static String absolute(String glob) {
    String pattern = glob.startsWith("/") ? glob : Path.of("").toAbsolutePath() + "/" + glob;
    // Collapse "//" and "/./" without touching glob characters (Path.normalize would parse them).
    List<String> kept = new ArrayList<>();
    for (String segment : pattern.substring(1).split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..") && !kept.isEmpty() && !hasGlobCharacters(kept.getLast())) {
        kept.removeLast();
        continue;
      }
      kept.add(segment);
    }
    return "/" + String.join("/", kept);
  }

  private static boolean hasGlobCharacters(String segment) {
    for (int index = 0; index < segment.length(); index++) {
      char character = segment.charAt(index);
      if (character == '*' || character == '?' || character == '[' || character == '{') {
        return true;
      }
    }
    return false;
  }

  private static PathMatcher matcher(String pattern, String glob, String flag) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    } catch (IllegalArgumentException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          flag + " '" + glob + "' is not a valid glob: " + failure.getMessage(),
          failure);
    }
  }
}
