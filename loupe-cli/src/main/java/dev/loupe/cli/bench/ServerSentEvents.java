package dev.loupe.cli.bench;

import java.util.Optional;

/**
 * Reads a Server-Sent Events stream line by line (the WHATWG "event stream interpretation" reduced
 * to what {@code /api/v1/tail} sends): {@code id:}, {@code event:} and {@code data:} fields,
 * comment lines starting with {@code :}, and a blank line that ends an event. Several {@code data:}
 * lines join with a newline. Not thread-safe: one reader, one instance.
 */
final class ServerSentEvents {
  /** One event; {@code type} is {@code message} unless an {@code event:} line named it. */
  record Event(String id, String type, String data) {}

  private String id;
  private String type;
  private StringBuilder data;
  private String lastComment;

  /** Feeds one line (without its line end); returns the event a blank line completes. */
  Optional<Event> line(String line) {
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      lastComment = line.substring(1).strip();
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "id" -> id = value;
      case "event" -> type = value;
      case "data" -> {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
      default -> {
        // retry and unknown fields: nothing the bench needs
      }
    }
    return Optional.empty();
  }

  /** The text of the last comment line, such as {@code tail from 41.-1}; null before any. */
  String lastComment() {
    return lastComment;
  }

  private Optional<Event> dispatch() {
    if (data == null) {
      type = null;
      return Optional.empty();
    }
    Event event = new Event(id, type == null ? "message" : type, data.toString());
    type = null;
    data = null;
    // the id persists across events, as the specification has it
    return Optional.of(event);
  }
}
