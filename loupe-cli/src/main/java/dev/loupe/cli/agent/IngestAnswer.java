package dev.loupe.cli.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server answered to one ingest request, and what the shipper does about it.
 *
 * @param status the HTTP status
 * @param accepted lines stored (from the body; 0 when it has none)
 * @param rejected lines refused one by one, each for its own reason
 * @param errors the first of those reasons, with their 1-based line numbers in the batch
 * @param message the error message of a request refused as a whole, or empty
 */
record IngestAnswer(
    int status, long accepted, long rejected, List<LineError> errors, String message) {
  private static final JsonFactory JSON = new JsonFactory();

  /** One line the server refused. */
  record LineError(long line, String reason) {}

  /** What to do with the batch. */
  enum Verdict {
    /** Stored (perhaps with some lines rejected one by one): delete it. */
    DELIVERED,
    /** Refused in a way that sending it again cannot change: log it, delete it. */
    REFUSED,
    /** Refused for now (server down, overloaded, disk full, misconfigured): send it again later. */
    RETRY
  }

  IngestAnswer {
    errors = List.copyOf(errors);
  }

  /**
   * The verdict. A 200 is delivered. A 400 that reports its lines one by one (every line was
   * rejected), a 400 about the body, a 413 (the batch is over the server's body limit) and a 422
   * can never succeed: refused. 408, 429, 5xx and 507 (disk full) pass: retry. Any other status (a
   * 401, 403 or 404: the wrong URL or missing rights) is retried too, because dropping data for a
   * setup mistake would be worse than holding it until the mistake is fixed.
   */
  Verdict verdict() {
    if (status >= 200 && status < 300) {
      return Verdict.DELIVERED;
    }
    return switch (status) {
      case 400, 413, 422 -> Verdict.REFUSED;
      default -> Verdict.RETRY;
    };
  }

  /** A proxy's error page can be long HTML: keep what fits a log line. */
  private static String shorten(String message) {
    int max = 300;
    return message.length() <= max ? message : message.substring(0, max) + "...";
  }

  /** Reads a response body: the ingest result or the error shape; anything else gives zeros. */
  static IngestAnswer parse(int status, String body) {
    long accepted = 0;
    long rejected = 0;
    List<LineError> errors = new ArrayList<>();
    String message = "";
    try (JsonParser json = JSON.createParser(body)) {
      String field = null;
      long errorLine = 0;
      while (json.nextToken() != null) {
        JsonToken token = json.currentToken();
        if (token == JsonToken.FIELD_NAME) {
          field = json.currentName();
        } else if (token.isNumeric() && "accepted".equals(field)) {
          accepted = json.getLongValue();
        } else if (token.isNumeric() && "rejected".equals(field)) {
          rejected = json.getLongValue();
        } else if (token.isNumeric() && "line".equals(field)) {
          errorLine = json.getLongValue();
        } else if (token == JsonToken.VALUE_STRING && "reason".equals(field)) {
          errors.add(new LineError(errorLine, json.getText()));
        } else if (token == JsonToken.VALUE_STRING && "message".equals(field)) {
          message = json.getText();
        }
      }
    } catch (IOException notJson) {
      message = body.strip();
    }
    if (message.isEmpty() && errors.isEmpty() && accepted == 0 && status >= 300) {
      message = body.strip();
    }
    return new IngestAnswer(status, accepted, rejected, errors, shorten(message));
  }
}
