package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

/**
 * What became of one action of an Elasticsearch {@code _bulk} body, in body order: the response has
 * one item per action.
 *
 * @param action the action, or {@link BulkAction#INDEX} for a line that could not be read as any
 *     action (Elasticsearch has no item for it; a placeholder keeps items aligned with actions)
 * @param index the target index, or null when none was given
 * @param id the {@code _id} the client gave, or null (the response then shows a generated one)
 * @param status 201 when stored, else the HTTP status Elasticsearch would give the item (400)
 * @param errorType null when stored, else an Elasticsearch error type such as {@code
 *     document_parsing_exception}
 * @param errorReason null when stored, else what was wrong, where and how to fix it
 */
public record BulkItem(
    BulkAction action, String index, String id, int status, String errorType, String errorReason) {

  /** Elasticsearch's status for a document it created. */
  public static final int CREATED = 201;

  /** Elasticsearch's status for an item the client got wrong. */
  public static final int BAD_REQUEST = 400;

  public BulkItem {
    requireNonNull(action, "action is null");
    if ((errorType == null) != (errorReason == null)) {
      throw new IllegalArgumentException("an error needs both a type and a reason");
    }
  }

  static BulkItem created(BulkAction action, String index, String id) {
    return new BulkItem(action, index, id, CREATED, null, null);
  }

  static BulkItem failed(
      BulkAction action, String index, String id, String errorType, String errorReason) {
    return new BulkItem(action, index, id, BAD_REQUEST, errorType, errorReason);
  }

  public boolean failed() {
    return errorType != null;
  }
}
