package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The bodies of {@code GET} on Elasticsearch's management endpoints, for {@link EsApiHandler}: a
 * template, policy, data stream, pipeline or alias of the name asked for, present and empty. The
 * shapes are Elasticsearch's, so that a client that reads the answer (rather than only its status)
 * finds the fields it expects. Stateless.
 */
final class ManagementAnswers {
  private ManagementAnswers() {}

  /**
   * @param kind the first path segment, such as {@code _index_template}
   * @param segments every path segment
   * @param name the last path segment: the resource asked for
   */
  static String get(String kind, List<String> segments, String name) {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          switch (kind) {
            case "_index_template" -> indexTemplates(json, name);
            case "_component_template" -> componentTemplates(json, name);
            case "_data_stream" -> dataStreams(json, name);
            case "_ilm" -> policy(json, segments.size() > 2 ? name : "loupe");
            default -> {
              // _template, _ingest/pipeline, _alias: an object keyed by the name asked for.
              json.writeObjectFieldStart(name);
              json.writeEndObject();
            }
          }
          json.writeEndObject();
        });
  }

  /** {@code GET /{index}}: the index with no mappings or settings. */
  static String index(String index) {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart(index);
          json.writeObjectFieldStart("aliases");
          json.writeEndObject();
          json.writeObjectFieldStart("mappings");
          json.writeEndObject();
          json.writeObjectFieldStart("settings");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void indexTemplates(JsonGenerator json, String name) throws IOException {
    json.writeArrayFieldStart("index_templates");
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeObjectFieldStart("index_template");
    json.writeArrayFieldStart("index_patterns");
    json.writeString(name + "*");
    json.writeEndArray();
    json.writeArrayFieldStart("composed_of");
    json.writeEndArray();
    json.writeObjectFieldStart("template");
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndArray();
  }

  private static void componentTemplates(JsonGenerator json, String name) throws IOException {
    json.writeArrayFieldStart("component_templates");
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeObjectFieldStart("component_template");
    json.writeObjectFieldStart("template");
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndArray();
  }

  private static void dataStreams(JsonGenerator json, String name) throws IOException {
    json.writeArrayFieldStart("data_streams");
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeObjectFieldStart("timestamp_field");
    json.writeStringField("name", "@timestamp");
    json.writeEndObject();
    json.writeArrayFieldStart("indices");
    json.writeEndArray();
    json.writeNumberField("generation", 1);
    json.writeStringField("status", "GREEN");
    json.writeStringField("template", name);
    json.writeBooleanField("hidden", false);
    json.writeBooleanField("system", false);
    json.writeEndObject();
    json.writeEndArray();
  }

  private static void policy(JsonGenerator json, String name) throws IOException {
    json.writeObjectFieldStart(name);
    json.writeNumberField("version", 1);
    json.writeStringField("modified_date", "2025-01-01T00:00:00.000Z");
    json.writeObjectFieldStart("policy");
    json.writeObjectFieldStart("phases");
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
  }
}
