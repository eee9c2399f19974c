package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.analytics.patterns.PatternConfig;
import dev.loupe.analytics.patterns.PatternRegistry;
import dev.loupe.analytics.patterns.eval.ParsingAccuracy;
import dev.loupe.analytics.patterns.eval.ParsingScores;
import dev.loupe.analytics.patterns.eval.TemplateNormaliser;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loupe patterns eval FILE.csv…}: mines each labelled corpus with the server's miner and
 * prints the Loghub-2.0 figures (GA, FGA, PA, FTA) per file and their mean.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Score pattern mining against labelled corpora with the Loghub-2.0 metrics: grouping"
          + " accuracy (GA), its F1 over groups (FGA), parsing accuracy (PA) and the F1 over"
          + " templates (FTA).",
      "Each FILE is a CSV with a header row (RFC 4180 quoting) holding the columns Content (the"
          + " message), EventId (its true group) and EventTemplate (its true template, variables"
          + " written <*>); other columns are ignored. As in Loghub-2.0, lines are grouped by"
          + " template text on both sides, and lines without a true template are not scored. Each file is mined on its own, from an empty"
          + " registry, with the same settings as loupe serve."
    })
final class PatternsEvalCommand implements Callable<Integer> {
  static final String CONTENT = "Content";
  static final String EVENT_ID = "EventId";
  static final String EVENT_TEMPLATE = "EventTemplate";

  /** Corpora are scored whole: far more patterns than a server keeps must fit. */
  private static final int EVAL_MAX_PATTERNS = 1_000_000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE.csv", description = "Labelled corpora.")
  List<Path> files;

  @Option(
      names = "--json",
      description =
          "Print {\"files\":[{\"file\",\"lines\",\"ga\",\"fga\",\"pa\",\"fta\"}],\"mean\":{…}}.")
  boolean json;

  @Option(
      names = "--assignments",
      paramLabel = "DIR",
      description =
          "Write DIR/<file>.assignments.csv per input: LineId, Content, EventId (the mined"
              + " pattern id), EventTemplate (the mined template as scored, normalised as"
              + " Loghub-2.0 does) and MinedTemplate (as mined), readable by the Loghub-2.0"
              + " evaluation scripts.")
  Path assignments;

  @Option(
      names = "--similarity",
      paramLabel = "SHARE",
      description =
          "Share of tokens a line must share with a pattern to join it, 0 to 1 (default: the"
              + " server's, ${DEFAULT-VALUE}).",
      defaultValue = "" + dev.loupe.analytics.AnalyticsLimits.DEFAULT_SIMILARITY)
  double similarity;

  /** The figures of one file. */
  record FileScores(String file, ParsingScores scores) {}

  @Override
  public Integer call() throws IOException {
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (assignments != null) {
      Files.createDirectories(assignments);
    }
    PatternConfig config =
        PatternConfig.defaults().withMaxPatterns(EVAL_MAX_PATTERNS).withSimilarity(similarity);
    List<FileScores> results = new ArrayList<>();
    for (Path file : files) {
      results.add(new FileScores(file.getFileName().toString(), evaluate(file, config)));
    }
    out.print(json ? toJson(results) : toTable(results));
    out.flush();
    return 0;
  }

  /** One labelled line as read. */
  private record Labelled(long lineId, String content, String eventId, String eventTemplate) {}

  ParsingScores evaluate(Path file, PatternConfig config) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "no such file: " + file + "; pass labelled CSV files");
    }
    List<Labelled> lines = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    ProgressBar progress = new ProgressBar(System.err, Files.size(file));
    try (PatternRegistry registry = PatternRegistry.inMemory(config, Clock.systemUTC());
        CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
        CSVParser parser = openCsv(counted)) {
      requireColumns(file, parser.getHeaderMap());
      for (CSVRecord record : parser) {
        Labelled line = labelled(file, record);
        lines.add(line);
        ids.add(registry.observe(Stream.DEFAULT_TENANT, line.content(), lines.size()));
        if ((lines.size() & 1023) == 0) {
          progress.update(lines.size(), counted.count);
        }
      }
      if (lines.size() >= 100_000) {
        progress.finish(lines.size(), counted.count);
      }
      List<ParsingAccuracy.Line> scored = new ArrayList<>(lines.size());
      List<String> templates = new ArrayList<>(lines.size());
      for (int index = 0; index < lines.size(); index++) {
        String template = registry.template(ids.get(index));
        templates.add(template);
        Labelled line = lines.get(index);
        scored.add(new ParsingAccuracy.Line(line.eventTemplate(), template));
      }
      if (assignments != null) {
        writeAssignments(file, lines, ids, templates);
      }
      return ParsingAccuracy.score(scored);
    }
  }

  private static CSVParser openCsv(InputStream input) throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(false).get();
    return CSVParser.parse(
        new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16), format);
  }

  private static void requireColumns(Path file, Map<String, Integer> header) {
    for (String column : List.of(CONTENT, EVENT_ID, EVENT_TEMPLATE)) {
      if (header == null || !header.containsKey(column)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            file
                + ": no column '"
                + column
                + "' in the header "
                + (header == null ? "(empty file)" : header.keySet())
                + "; a labelled corpus needs Content, EventId and EventTemplate");
      }
    }
  }

  private static Labelled labelled(Path file, CSVRecord record) {
    if (!record.isConsistent()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          file
              + " line "
              + record.getParser().getCurrentLineNumber()
              + ": record "
              + record.getRecordNumber()
              + " has "
              + record.size()
              + " fields, the header has "
              + record.getParser().getHeaderMap().size()
              + "; quote fields holding commas, as RFC 4180 says");
    }
    return new Labelled(
        record.getRecordNumber(),
        record.get(CONTENT),
        record.get(EVENT_ID),
        record.get(EVENT_TEMPLATE));
  }

  private void writeAssignments(
      Path file, List<Labelled> lines, List<String> ids, List<String> templates)
      throws IOException {
    Path target = assignments.resolve(file.getFileName() + ".assignments.csv");
    try (Writer writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
        CSVPrinter printer =
            new CSVPrinter(
                writer,
                CSVFormat.RFC4180
                    .builder()
                    .setHeader("LineId", CONTENT, EVENT_ID, EVENT_TEMPLATE, "MinedTemplate")
                    .get())) {
      for (int index = 0; index < lines.size(); index++) {
        String template = templates.get(index);
        printer.printRecord(
            lines.get(index).lineId(),
            lines.get(index).content(),
            ids.get(index),
            TemplateNormaliser.normalise(template),
            template);
      }
    }
  }

  static String toTable(List<FileScores> results) {
    int width = Math.max(4, results.stream().mapToInt(r -> r.file().length()).max().orElse(4));
    StringBuilder text = new StringBuilder();
    String row = "%-" + width + "s %8s %7s %7s %7s %7s%n";
    text.append(String.format(Locale.ROOT, row, "file", "lines", "GA", "FGA", "PA", "FTA"));
    for (FileScores result : results) {
      ParsingScores scores = result.scores();
      text.append(
          String.format(
              Locale.ROOT,
              row,
              result.file(),
              scores.lines(),
              figure(scores.groupingAccuracy()),
              figure(scores.groupingF1()),
              figure(scores.parsingAccuracy()),
              figure(scores.templateF1())));
    }
    if (results.size() > 1) {
      ParsingScores mean = mean(results);
      text.append(
          String.format(
              Locale.ROOT,
              row,
              "mean",
              mean.lines(),
              figure(mean.groupingAccuracy()),
              figure(mean.groupingF1()),
              figure(mean.parsingAccuracy()),
              figure(mean.templateF1())));
    }
    return text.toString();
  }

  private static String figure(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** The unweighted mean of each figure over files, as Loghub-2.0 averages datasets. */
  static ParsingScores mean(List<FileScores> results) {
    double count = results.size();
    long lines = 0;
    double ga = 0;
    double fga = 0;
    double pa = 0;
    double fta = 0;
    for (FileScores result : results) {
      ParsingScores scores = result.scores();
      lines += scores.lines();
      ga += scores.groupingAccuracy();
      fga += scores.groupingF1();
      pa += scores.parsingAccuracy();
      fta += scores.templateF1();
    }
    return new ParsingScores(lines, ga / count, fga / count, pa / count, fta / count, 0, 0);
  }

  static String toJson(List<FileScores> results) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeArrayFieldStart("files");
      for (FileScores result : results) {
        json.writeStartObject();
        json.writeStringField("file", result.file());
        writeFigures(json, result.scores());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("mean");
      writeFigures(
          json, results.isEmpty() ? new ParsingScores(0, 0, 0, 0, 0, 0, 0) : mean(results));
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.append('\n').toString();
  }

  private static void writeFigures(JsonGenerator json, ParsingScores scores) throws IOException {
    json.writeNumberField("lines", scores.lines());
    json.writeNumberField("ga", round(scores.groupingAccuracy()));
    json.writeNumberField("fga", round(scores.groupingF1()));
    json.writeNumberField("pa", round(scores.parsingAccuracy()));
    json.writeNumberField("fta", round(scores.templateF1()));
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** Counts the bytes read, for the progress bar. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int value = super.read();
      if (value >= 0) {
        count++;
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = super.read(buffer, offset, length);
      if (read > 0) {
        count += read;
      }
      return read;
    }
  }
}
