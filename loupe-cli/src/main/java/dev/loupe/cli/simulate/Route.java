package dev.loupe.cli.simulate;

import java.util.List;

/**
 * The pages and API calls the shop's visitors make, as they appear in the access log: method, path
 * (with variables), how popular each is, which statuses it can answer, and whether nginx serves it
 * alone or passes it to the gateway. Every (route, status) pair has its own access template.
 */
enum Route {
  HOME("home", "GET", "/", 8, Backend.GATEWAY, 200),
  PRODUCT("product", "GET", "/api/products/{sku}", 28, Backend.GATEWAY, 200, 404),
  LISTING(
      "listing", "GET", "/api/products?category={category}&page={page}", 10, Backend.GATEWAY, 200),
  SEARCH("search", "GET", "/api/search?q={query}&page={page}", 14, Backend.GATEWAY, 200),
  LOGIN("login", "POST", "/api/login", 2.5, Backend.GATEWAY, 200, 401, 423),
  CART("cart", "GET", "/api/cart", 6, Backend.GATEWAY, 200, 401),
  CART_ADD("cart-add", "POST", "/api/cart/items", 4, Backend.GATEWAY, 201, 401, 409),
  CHECKOUT("checkout", "POST", "/api/checkout", 2, Backend.GATEWAY, 201, 401, 402, 409, 502),
  ORDER("order", "GET", "/api/orders/{order}", 1.5, Backend.GATEWAY, 200, 401, 404),
  STATIC("static", "GET", "/static/{asset}", 20, Backend.NGINX, 200, 304),
  HEALTH("health", "GET", "/health", 5, Backend.PROBE, 200);

  /** Who answers a route. */
  enum Backend {
    /** nginx passes the request to the gateway, which calls the services. */
    GATEWAY,
    /** nginx serves static files itself. */
    NGINX,
    /** the load balancer's health probe, answered by nginx with a fixed body. */
    PROBE
  }

  /**
   * Statuses any route behind the gateway answers when a service fails (500 a bug, 503 no database
   * connection or no live instance) or is too slow (504). Only checkout answers 502, when the
   * payment provider does not.
   */
  static final List<Integer> GATEWAY_ERRORS = List.of(500, 503, 504);

  private final String id;
  private final String method;
  private final String path;
  private final double weight;
  private final Backend backend;
  private final List<Integer> statuses;
  private final Template pathTemplate;

  Route(String id, String method, String path, double weight, Backend backend, int... statuses) {
    this.id = id;
    this.method = method;
    this.path = path;
    this.weight = weight;
    this.backend = backend;
    this.statuses = java.util.Arrays.stream(statuses).boxed().toList();
    this.pathTemplate = new Template("path." + id, Source.ACCESS, "info", path);
  }

  String id() {
    return id;
  }

  /** The methods of the routes, each once, in the order of the routes. */
  static List<String> methods() {
    return java.util.Arrays.stream(values()).map(Route::method).distinct().toList();
  }

  String method() {
    return method;
  }

  /** The path with its variables, e.g. {@code /api/products/{sku}}. */
  String path() {
    return path;
  }

  /** The path as a template, to write a request's path from its values. */
  Template pathTemplate() {
    return pathTemplate;
  }

  double weight() {
    return weight;
  }

  Backend backend() {
    return backend;
  }

  /** Every status this route can answer, the gateway errors included. */
  List<Integer> allStatuses() {
    if (backend != Backend.GATEWAY) {
      return statuses;
    }
    return java.util.stream.Stream.concat(statuses.stream(), GATEWAY_ERRORS.stream()).toList();
  }
}
