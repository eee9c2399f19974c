package dev.loupe.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the documents of metric rules and of alert rules share: {@code {"rules": [ ... ]}} in YAML
 * (files, CLI) or JSON (API, the stored API rules), or a bare list, or one rule. Unknown keys are
 * errors, so a typo is not silently ignored; the {@code source} a listing adds is ignored, so a
 * listing can be posted back; names are unique. An error names where, the rule (its place and name)
 * and what is wrong. The stored API rules are written to a temporary file and renamed. Stateless.
 */
public final class RuleDocuments {
  public static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  public static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** Added by the API's listings of rules; ignored when read. */
  private static final String SOURCE = "source";

  /**
   * A kind of rule.
   *
   * @param plural what a document holds, as an error says it ("rules", "alert rules")
   * @param type the rule's record, read with {@link #JSON}
   * @param keys the keys a rule may have, as written
   * @param name a rule's name
   */
  public record Kind<R>(
      String plural, Class<R> type, List<String> keys, Function<R, String> name) {}

  private RuleDocuments() {}

  /** Rules from a YAML or JSON text (JSON is YAML); {@code where} starts every error message. */
  public static <R> List<R> parse(String text, String where, Kind<R> kind) {
    JsonNode document;
    try {
      document = YAML.readTree(text);
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": " + failure.getMessage());
    }
    return rules(document, where, kind);
  }

  /** Rules from a parsed document: one with {@code rules}, a list, or one rule. */
  public static <R> List<R> rules(JsonNode document, String where, Kind<R> kind) {
    if (document == null || document.isMissingNode() || document.isNull()) {
      return List.of();
    }
    JsonNode list = document.isObject() && document.has("rules") ? document.get("rules") : document;
    List<R> rules = new ArrayList<>();
    if (list.isObject()) {
      rules.add(rule(list, where, 0, kind));
      return rules;
    }
    if (!list.isArray()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": expected a list of " + kind.plural() + " under 'rules:'");
    }
    Set<String> names = new HashSet<>();
    for (int index = 0; index < list.size(); index++) {
      R rule = rule(list.get(index), where, index, kind);
      String name = kind.name().apply(rule);
      if (!names.add(name)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": rule " + (index + 1) + ": a second rule named " + name);
      }
      rules.add(rule);
    }
    return rules;
  }

  private static <R> R rule(JsonNode node, String where, int index, Kind<R> kind) {
    String name = node.path("name").asText("");
    String which = "rule " + (index + 1) + (name.isEmpty() ? "" : " (" + name + ")");
    if (!node.isObject()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": " + which + ": a rule is a map of keys to values");
    }
    ObjectNode rule = ((ObjectNode) node).deepCopy();
    rule.remove(SOURCE);
    for (Iterator<String> keys = rule.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!kind.keys().contains(key)) {
        // Checked here: Jackson builds the record before it would see the unknown key, so the
        // user would be told of a missing key instead of the misspelt one.
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": " + which + ": unknown key '" + key + "'; the keys are " + kind.keys());
      }
    }
    try {
      return JSON.treeToValue(rule, kind.type());
    } catch (JsonProcessingException failure) {
      String message =
          failure.getCause() instanceof LoupeException loupe
              ? loupe.getMessage()
              : failure.getOriginalMessage();
      throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": " + which + ": " + message);
    }
  }

  /**
   * Writes the text to a temporary file beside {@code file} and renames it, so a crash leaves the
   * old or the new text; creates the directory.
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
