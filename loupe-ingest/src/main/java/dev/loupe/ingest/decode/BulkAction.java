package dev.loupe.ingest.decode;

/**
 * The actions of an Elasticsearch {@code _bulk} body. Loupe keeps logs append-only, so only {@link
 * #INDEX} and {@link #CREATE} store anything; {@link #UPDATE} and {@link #DELETE} are answered with
 * a per-item error, as Elasticsearch answers an action it cannot perform.
 */
public enum BulkAction {
  INDEX("index", true, true),
  CREATE("create", true, true),
  UPDATE("update", true, false),
  DELETE("delete", false, false);

  private final String wireName;
  private final boolean hasSource;
  private final boolean stores;

  BulkAction(String wireName, boolean hasSource, boolean stores) {
    this.wireName = wireName;
    this.hasSource = hasSource;
    this.stores = stores;
  }

  /** The name in the body and in the response item: {@code index}, {@code create}, ... */
  public String wireName() {
    return wireName;
  }

  /** True when a source line follows the action line. */
  boolean hasSource() {
    return hasSource;
  }

  /** True when Loupe stores the source of this action. */
  boolean stores() {
    return stores;
  }

  /** The action of a wire name, or null for a name Elasticsearch does not know. */
  static BulkAction ofWireName(String name) {
    for (BulkAction action : values()) {
      if (action.wireName.equals(name)) {
        return action;
      }
    }
    return null;
  }
}
