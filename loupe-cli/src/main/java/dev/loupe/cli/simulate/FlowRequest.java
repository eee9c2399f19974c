package dev.loupe.cli.simulate;

import static dev.loupe.cli.simulate.TemplateCatalog.*;

import java.util.ArrayList;
import java.util.List;

/**
 * One visitor's request, from nginx through the gateway to the services and back: picks a route by
 * popularity, a visitor (Zipf-popular users and addresses), then calls the services the route needs
 * one after another on live instances, each taking a log-normal time. Every line of the request
 * shares one trace id; each service call has its own span id. The gateway logs the request when it
 * completes and nginx writes the access line just after.
 *
 * <p>Failures come from the incident board (error bursts, bad deploys, slow services, hosts down)
 * and from everyday causes at small rates (unknown products, wrong passwords, declined cards,
 * provider timeouts). Calls between services are retried up to three times, with a warning each
 * time; calls from the gateway are not. A request still running after {@value
 * #GATEWAY_TIMEOUT_MILLIS} ms is answered 504 by the gateway. Not thread-safe.
 */
final class FlowRequest {
  static final int GATEWAY_TIMEOUT_MILLIS = 5_000;
  static final int SLOW_CALL_MILLIS = 1_000;

  /** Everyday rate of a service's database timeouts, so that a burst raises a known error. */
  static final double BASELINE_DB_TIMEOUT_RATE = 0.0005;

  private static final int ATTEMPTS = 3;

  private static final Weighted<Route> ROUTES = routes();
  private static final Zipf USERS = new Zipf(World.USERS, 1.05);
  private static final Zipf PRODUCTS = new Zipf(World.PRODUCTS, 1.1);
  private static final Zipf SEARCHES = new Zipf(World.SEARCH_WORDS.size(), 1.0);
  private static final Zipf CATEGORIES = new Zipf(World.CATEGORIES.size(), 0.8);
  private static final Zipf PAGES = new Zipf(20, 1.6);
  private static final List<String> BUNDLES =
      List.of(
          "js/app.3f9c2b1e.js",
          "js/vendor.77d0a4c2.js",
          "css/main.8a7b6c5d.css",
          "img/logo.4e1f09aa.svg",
          "fonts/inter-var.0c5be311.woff2");

  private final Traffic traffic;
  private final Dice dice;
  private final Emitter emitter;
  private final IncidentBoard board;
  private final World world;
  private final Zipf addresses;

  FlowRequest(Traffic traffic) {
    this.traffic = traffic;
    this.dice = traffic.dice();
    this.emitter = traffic.emitter();
    this.board = traffic.board();
    this.world = traffic.world();
    this.addresses = new Zipf(world.clientAddressCount(), 0.9);
  }

  /** The state of one request as it goes through the services. */
  private static final class Flow {
    final Route route;
    final String edge;
    final long startNanos;
    final String trace;
    final int user;
    final String client;
    final String thread;
    long cursorNanos;
    int status;
    String path;
    Object[] pathValues;
    String order;

    /** The gateway's error line when a call failed: its template and the failing service. */
    Template gatewayError;

    World.Service failedService;

    Flow(
        Route route,
        String edge,
        long startNanos,
        String trace,
        int user,
        String client,
        String thread) {
      this.route = route;
      this.edge = edge;
      this.startNanos = startNanos;
      this.cursorNanos = startNanos;
      this.trace = trace;
      this.user = user;
      this.client = client;
      this.thread = thread;
    }

    void path(Route route, Object... values) {
      this.pathValues = values;
      this.path = route.pathTemplate().render(values);
    }

    boolean failed() {
      return gatewayError != null;
    }
  }

  /** A service call that succeeded: where it ran, its span and when it answered. */
  private record Call(World.Instance instance, String span, long endNanos, long latencyMicros) {}

  void run(long startNanos) {
    Route route = dice.pick(ROUTES);
    String edge = liveEdge(startNanos);
    if (edge == null) {
      return; // both edges down: no one is there to log anything
    }
    switch (route.backend()) {
      case PROBE -> probe(route, edge, startNanos);
      case NGINX -> staticAsset(route, edge, startNanos);
      case GATEWAY -> throughGateway(route, edge, startNanos);
    }
  }

  private void probe(Route route, String edge, long startNanos) {
    long end = startNanos + dice.between(80, 400) * 1_000L;
    String client = "10.0.0." + dice.between(2, 4);
    emitter.access(
        end,
        edge,
        world.daemonPid(edge, "nginx"),
        client,
        access(route, 200),
        accessFields(route.method(), route.path(), 200, 2, "-", World.PROBE_USER_AGENT));
  }

  private void staticAsset(Route route, String edge, long startNanos) {
    String asset =
        dice.chance(0.7)
            ? "img/products/" + World.sku(dice.pick(PRODUCTS)) + ".webp"
            : dice.pick(BUNDLES);
    int status = dice.chance(0.2) ? 304 : 200;
    long bytes = status == 304 ? 0 : dice.between(2_000, 250_000);
    String referer = dice.pick(World.REFERERS.subList(1, World.REFERERS.size()));
    String agent = dice.pick(World.USER_AGENTS);
    String client = anonymousClient();
    String path = route.pathTemplate().render(asset);
    long end = startNanos + dice.between(150, 6_000) * 1_000L;
    List<LineField> fields = accessFields(route.method(), path, status, bytes, referer, agent);
    Template template = access(route, status);
    int pid = world.daemonPid(edge, "nginx");
    if (status == 304) {
      emitter.access(end, edge, pid, client, template, fields, asset, referer, agent);
    } else {
      emitter.access(end, edge, pid, client, template, fields, asset, bytes, referer, agent);
    }
  }

  private void throughGateway(Route route, String edge, long startNanos) {
    boolean needsUser =
        route == Route.LOGIN
            || route == Route.CART
            || route == Route.CART_ADD
            || route == Route.CHECKOUT
            || route == Route.ORDER;
    int user = needsUser || dice.chance(0.4) ? dice.pick(USERS) : -1;
    String client = user >= 0 ? world.clientAddress(user * 7919) : anonymousClient();
    String thread = "http-nio-8080-exec-" + dice.between(1, 200);
    Flow flow = new Flow(route, edge, startNanos, dice.hex(32), user, client, thread);
    flow.cursorNanos += dice.between(300, 1_500) * 1_000L;
    switch (route) {
      case HOME -> home(flow);
      case PRODUCT -> product(flow);
      case LISTING -> listing(flow);
      case SEARCH -> search(flow);
      case LOGIN -> login(flow);
      case CART -> cart(flow);
      case CART_ADD -> cartAdd(flow);
      case CHECKOUT -> checkout(flow);
      case ORDER -> order(flow);
      default -> throw new IllegalStateException("route " + route + " does not pass the gateway");
    }
    finish(flow);
  }

  // ---- routes ----------------------------------------------------------------------------------

  private void home(Flow flow) {
    flow.path(flow.route);
    Call catalog = call(flow, World.CATALOG, null);
    if (catalog == null) {
      return;
    }
    app(flow, catalog, CATALOG_FEATURED, List.of(), dice.between(12, 48));
    flow.status = 200;
  }

  private void product(Flow flow) {
    String sku = World.sku(dice.pick(PRODUCTS));
    flow.path(flow.route, sku);
    Call catalog = call(flow, World.CATALOG, null);
    if (catalog == null) {
      return;
    }
    if (dice.chance(0.03)) {
      app(flow, catalog, CATALOG_NOT_FOUND, List.of(), sku);
      flow.status = 404;
      return;
    }
    if (dice.chance(0.7)) {
      app(flow, catalog, CATALOG_CACHE_HIT, List.of(), sku);
    } else {
      app(flow, catalog, CATALOG_LOADED, latency(catalog), sku, millis(catalog));
    }
    Call stock = call(flow, World.INVENTORY, catalog.instance());
    if (stock == null) {
      return;
    }
    app(
        flow,
        stock,
        INVENTORY_STOCK,
        List.of(),
        sku,
        dice.between(0, 400),
        dice.pick(World.WAREHOUSES));
    flow.status = 200;
  }

  private void listing(Flow flow) {
    String category = World.CATEGORIES.get(dice.pick(CATEGORIES));
    int page = 1 + dice.pick(PAGES);
    flow.path(flow.route, category, page);
    Call catalog = call(flow, World.CATALOG, null);
    if (catalog == null) {
      return;
    }
    int count = dice.chance(0.8) ? 24 : dice.between(1, 23);
    app(flow, catalog, CATALOG_LISTING, latency(catalog), count, category, page);
    flow.status = 200;
  }

  private void search(Flow flow) {
    String query = World.SEARCH_WORDS.get(dice.pick(SEARCHES));
    int page = dice.chance(0.8) ? 1 : dice.between(2, 5);
    flow.path(flow.route, query.replace(' ', '+'), page);
    Call search = call(flow, World.SEARCH, null);
    if (search == null) {
      return;
    }
    if (dice.chance(0.08)) {
      app(flow, search, SEARCH_NO_HITS, latency(search), query);
    } else {
      app(flow, search, SEARCH_QUERY, latency(search), query, dice.between(1, 900), millis(search));
    }
    flow.status = 200;
  }

  private void login(Flow flow) {
    flow.path(flow.route);
    Call auth = call(flow, World.AUTH, null);
    if (auth == null) {
      return;
    }
    double outcome = dice.uniform();
    if (outcome < 0.85) {
      app(flow, auth, AUTH_LOGIN_OK, List.of(), World.userId(flow.user), flow.client, dice.hex(16));
      flow.status = 200;
    } else if (outcome < 0.98) {
      app(flow, auth, AUTH_LOGIN_FAILED, List.of(), World.email(flow.user), dice.between(1, 4));
      flow.status = 401;
    } else {
      app(flow, auth, AUTH_ACCOUNT_LOCKED, List.of(), World.email(flow.user));
      flow.status = 423;
    }
  }

  /** The token check of the routes that need a signed-in user; false when it answered 401. */
  private boolean authenticate(Flow flow) {
    Call auth = call(flow, World.AUTH, null);
    if (auth == null) {
      return false;
    }
    if (dice.chance(0.06)) {
      app(
          flow,
          auth,
          AUTH_TOKEN_EXPIRED,
          List.of(),
          World.userId(flow.user),
          dice.between(1, 86_400));
      flow.status = 401;
      return false;
    }
    app(flow, auth, AUTH_TOKEN_VALID, List.of(), World.userId(flow.user), dice.between(60, 3_600));
    return true;
  }

  private void cart(Flow flow) {
    flow.path(flow.route);
    if (!authenticate(flow)) {
      return;
    }
    Call cart = call(flow, World.CART, null);
    if (cart == null) {
      return;
    }
    app(
        flow,
        cart,
        CART_LOADED,
        List.of(),
        cartId(flow.user),
        World.userId(flow.user),
        dice.between(0, 12));
    flow.status = 200;
  }

  private void cartAdd(Flow flow) {
    flow.path(flow.route);
    if (!authenticate(flow)) {
      return;
    }
    Call cart = call(flow, World.CART, null);
    if (cart == null) {
      return;
    }
    String sku = World.sku(dice.pick(PRODUCTS));
    Call stock = call(flow, World.INVENTORY, cart.instance());
    if (stock == null) {
      return;
    }
    int available = dice.chance(0.05) ? 0 : dice.between(1, 400);
    app(flow, stock, INVENTORY_STOCK, List.of(), sku, available, dice.pick(World.WAREHOUSES));
    if (available == 0) {
      app(flow, cart, CART_OUT_OF_STOCK, List.of(), sku, cartId(flow.user));
      flow.status = 409;
      return;
    }
    app(flow, cart, CART_ITEM_ADDED, List.of(), dice.between(1, 3), sku, cartId(flow.user));
    flow.status = 201;
  }

  private void checkout(Flow flow) {
    flow.path(flow.route);
    if (!authenticate(flow)) {
      return;
    }
    Call checkout = call(flow, World.CHECKOUT, null);
    if (checkout == null) {
      return;
    }
    flow.order = dice.uuid();
    List<LineField> orderField = List.of(LineField.text("order_id", flow.order));
    app(flow, checkout, CHECKOUT_STARTED, orderField, cartId(flow.user), World.userId(flow.user));
    String sku = World.sku(dice.pick(PRODUCTS));
    int quantity = dice.between(1, 3);
    Call stock = call(flow, World.INVENTORY, checkout.instance());
    if (stock == null) {
      return;
    }
    if (dice.chance(0.02)) {
      app(
          flow,
          stock,
          INVENTORY_INSUFFICIENT,
          orderField,
          sku,
          quantity,
          dice.between(0, quantity - 1));
      app(flow, checkout, CHECKOUT_STOCK_CONFLICT, orderField, flow.order, sku);
      flow.status = 409;
      return;
    }
    app(flow, stock, INVENTORY_RESERVED, orderField, quantity, sku, flow.order);
    Call payment = call(flow, World.PAYMENTS, checkout.instance());
    if (payment == null) {
      return;
    }
    String paymentId = "pay_" + dice.hex(24);
    String provider = dice.pick(World.PAYMENT_PROVIDERS);
    String amount = dice.decimal(4, 900, 2);
    double outcome = dice.uniform();
    if (outcome < 0.015) {
      paymentTimeout(flow, payment, checkout, orderField, provider, paymentId);
      return;
    }
    if (outcome < 0.095) {
      String reason = dice.pick(World.DECLINE_REASONS);
      app(flow, payment, PAYMENTS_DECLINED, orderField, paymentId, flow.order, provider, reason);
      app(flow, checkout, CHECKOUT_DECLINED, orderField, flow.order, reason);
      flow.status = 402;
      return;
    }
    app(
        flow,
        payment,
        PAYMENTS_AUTHORIZED,
        latency(payment, orderField),
        paymentId,
        flow.order,
        amount,
        provider,
        millis(payment));
    app(flow, checkout, CHECKOUT_PLACED, orderField, flow.order, dice.between(1, 9), amount);
    flow.status = 201;
    notifyOrder(flow);
  }

  private void paymentTimeout(
      Flow flow,
      Call payment,
      Call checkout,
      List<LineField> orderField,
      String provider,
      String paymentId) {
    int waited = dice.between(3_000, 3_050);
    flow.cursorNanos += waited * 1_000_000L;
    emitter.app(
        flow.cursorNanos,
        payment.instance(),
        flow.thread,
        PAYMENTS_PROVIDER_TIMEOUT,
        traceFields(flow, payment.span(), orderField),
        provider,
        waited,
        paymentId);
    flow.cursorNanos += dice.between(300, 900) * 1_000L;
    emitter.app(
        flow.cursorNanos,
        checkout.instance(),
        flow.thread,
        CHECKOUT_PAYMENT_ERROR,
        traceFields(flow, checkout.span(), orderField),
        flow.order);
    flow.status = 502;
    flow.gatewayError = GATEWAY_UPSTREAM_ERROR;
    flow.failedService = World.CHECKOUT;
  }

  /**
   * The confirmation mail goes out after the answer, on the worker, in the same trace. The worker
   * reads orders from a queue, so its failures never reach the visitor: an error burst or a bad
   * deploy loses the mail with an error line, a latency spike delays it.
   */
  private void notifyOrder(Flow flow) {
    World.Instance worker = liveInstance(World.NOTIFICATIONS, flow.cursorNanos);
    if (worker == null) {
      return;
    }
    long start = flow.cursorNanos + dice.between(20, 400) * 1_000_000L;
    List<LineField> fields =
        traceFields(flow, dice.hex(16), List.of(LineField.text("order_id", flow.order)));
    double factor = board.latencyFactor(World.NOTIFICATIONS, start);
    long latency = dice.latencyMicros(World.NOTIFICATIONS.medianMillis() * factor);
    long queued = start + latency * 1_000L;
    if (latency >= SLOW_CALL_MILLIS * 1_000L) {
      emitter.app(
          queued,
          worker,
          "kafka-consumer-1",
          SERVICE_SLOW_CALL,
          fields,
          "EmailService.load",
          latency / 1_000);
    }
    double burst = board.errorRate(World.NOTIFICATIONS, start);
    if (burst > 0 && dice.chance(burst)) {
      Template error = TemplateCatalog.burstError(World.NOTIFICATIONS);
      emitter.app(queued, worker, "kafka-consumer-1", error, fields, Math.max(1, latency / 1_000));
      tooManyClients(queued);
      return;
    }
    if (dice.chance(board.regressionRate(World.NOTIFICATIONS, start))) {
      Template error = TemplateCatalog.regression(World.NOTIFICATIONS);
      emitter.app(queued, worker, "kafka-consumer-1", error, fields, dice.uuid());
      traffic.countRegression(World.NOTIFICATIONS, start);
      return;
    }
    String email = World.email(flow.user);
    emitter.app(
        queued, worker, "kafka-consumer-1", NOTIFICATIONS_QUEUED, fields, flow.order, email);
    long sent = queued + dice.between(500, 20_000) * 1_000_000L;
    emitter.app(
        sent,
        worker,
        "mail-sender-1",
        NOTIFICATIONS_SENT,
        fields,
        "msg_" + dice.hex(20),
        email,
        dice.between(80, 2_500));
  }

  /** The database refuses a connection now and then while a pool somewhere runs dry. */
  private void tooManyClients(long timeNanos) {
    if (dice.chance(0.2)) {
      emitter.syslog(
          timeNanos + 1_000,
          World.DATABASE_HOST,
          "postgres",
          dice.between(20_000, 90_000),
          POSTGRES_TOO_MANY_CLIENTS);
    }
  }

  private void order(Flow flow) {
    flow.order = dice.uuid();
    flow.path(flow.route, flow.order);
    if (!authenticate(flow)) {
      return;
    }
    Call checkout = call(flow, World.CHECKOUT, null);
    if (checkout == null) {
      return;
    }
    List<LineField> orderField = List.of(LineField.text("order_id", flow.order));
    if (dice.chance(0.05)) {
      app(flow, checkout, CHECKOUT_ORDER_MISSING, orderField, flow.order, World.userId(flow.user));
      flow.status = 404;
      return;
    }
    String state = dice.pick(List.of("paid", "shipped", "delivered", "cancelled"));
    app(flow, checkout, CHECKOUT_VIEWED, orderField, flow.order, World.userId(flow.user), state);
    flow.status = 200;
  }

  // ---- calls -----------------------------------------------------------------------------------

  /**
   * Calls {@code service} for the flow, from the gateway ({@code caller} null, one attempt) or from
   * another service (retried). Returns the call, or null when it failed: the failure is then logged
   * by the service and recorded in the flow for the gateway.
   */
  private Call call(Flow flow, World.Service service, World.Instance caller) {
    int attempts = caller == null ? 1 : ATTEMPTS;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      long start = flow.cursorNanos + dice.between(200, 1_500) * 1_000L;
      World.Instance instance = liveInstance(service, start);
      if (instance == null) {
        flow.cursorNanos = start;
        fail(flow, GATEWAY_UPSTREAM_UNAVAILABLE, service, 503);
        return null;
      }
      double factor = board.latencyFactor(service, start);
      long latency = dice.latencyMicros(service.medianMillis() * factor);
      long end = start + latency * 1_000L;
      Call call = new Call(instance, dice.hex(16), end, latency);
      if (latency >= SLOW_CALL_MILLIS * 1_000L) {
        String operation = service.entity() + "Service.load";
        app(flow, call, SERVICE_SLOW_CALL, latency(call), operation, millis(call));
      }
      if (end - flow.startNanos >= GATEWAY_TIMEOUT_MILLIS * 1_000_000L) {
        flow.cursorNanos = flow.startNanos + GATEWAY_TIMEOUT_MILLIS * 1_000_000L;
        fail(flow, GATEWAY_UPSTREAM_TIMEOUT, service, 504);
        return null;
      }
      flow.cursorNanos = end;
      int failure = failure(flow, call, service, start);
      if (failure == 0) {
        return call;
      }
      if (attempt < attempts) {
        int backoff = 50 * (1 << attempt) + dice.between(0, 50);
        List<LineField> fields = traceFields(flow, dice.hex(16), List.of());
        emitter.app(
            flow.cursorNanos + 200_000,
            caller,
            flow.thread,
            SERVICE_RETRY,
            fields,
            service.name(),
            attempt,
            backoff);
        flow.cursorNanos += backoff * 1_000_000L;
        continue;
      }
      fail(flow, GATEWAY_UPSTREAM_ERROR, service, failure);
    }
    return null;
  }

  /** Whether an incident (or bad luck) makes the call fail: its status, or 0 when it succeeds. */
  private int failure(Flow flow, Call call, World.Service service, long startNanos) {
    double burst = board.errorRate(service, startNanos);
    if (dice.chance(Math.max(burst, BASELINE_DB_TIMEOUT_RATE))) {
      app(flow, call, TemplateCatalog.burstError(service), latency(call), millis(call));
      if (burst > 0) {
        tooManyClients(call.endNanos());
      }
      return 503;
    }
    if (dice.chance(board.regressionRate(service, startNanos))) {
      app(flow, call, TemplateCatalog.regression(service), List.of(), dice.uuid());
      traffic.countRegression(service, startNanos);
      return 500;
    }
    return 0;
  }

  private void fail(Flow flow, Template gatewayError, World.Service service, int status) {
    flow.gatewayError = gatewayError;
    flow.failedService = service;
    flow.status = status;
  }

  /** The gateway's line(s) and nginx's access line, when the answer goes out. */
  private void finish(Flow flow) {
    World.Instance gateway = gatewayOn(flow.edge);
    long end = flow.cursorNanos + dice.between(100, 900) * 1_000L;
    long millis = Math.max(1, (end - flow.startNanos) / 1_000_000L);
    List<LineField> fields =
        traceFields(
            flow,
            dice.hex(16),
            List.of(
                LineField.number("latency_ms", millis),
                LineField.number("status", flow.status),
                LineField.text("method", flow.route.method()),
                LineField.text("path", flow.path)));
    if (flow.failed()) {
      String service = flow.failedService.name();
      if (flow.gatewayError == GATEWAY_UPSTREAM_ERROR) {
        emitter.app(
            end,
            gateway,
            flow.thread,
            flow.gatewayError,
            fields,
            service,
            flow.status,
            flow.route.method(),
            flow.path,
            flow.trace);
      } else if (flow.gatewayError == GATEWAY_UPSTREAM_TIMEOUT) {
        emitter.app(
            end,
            gateway,
            flow.thread,
            flow.gatewayError,
            fields,
            service,
            flow.route.method(),
            flow.path);
      } else {
        emitter.app(
            end,
            gateway,
            flow.thread,
            flow.gatewayError,
            fields,
            service,
            flow.route.method(),
            flow.path);
      }
    }
    emitter.app(
        end,
        gateway,
        flow.thread,
        GATEWAY_REQUEST,
        fields,
        flow.route.method(),
        flow.path,
        flow.status,
        millis);
    long bytes = flow.status < 300 ? okBytes(flow.route) : dice.between(60, 320);
    String referer = dice.pick(World.REFERERS);
    String agent = dice.pick(World.USER_AGENTS);
    Object[] values = new Object[flow.pathValues.length + 3];
    System.arraycopy(flow.pathValues, 0, values, 0, flow.pathValues.length);
    values[values.length - 3] = bytes;
    values[values.length - 2] = referer;
    values[values.length - 1] = agent;
    emitter.access(
        end + dice.between(100, 400) * 1_000L,
        flow.edge,
        world.daemonPid(flow.edge, "nginx"),
        flow.client,
        access(flow.route, flow.status),
        accessFields(flow.route.method(), flow.path, flow.status, bytes, referer, agent),
        values);
  }

  private long okBytes(Route route) {
    return switch (route) {
      case HOME -> dice.between(18_000, 60_000);
      case PRODUCT -> dice.between(2_000, 9_000);
      case LISTING -> dice.between(8_000, 40_000);
      case SEARCH -> dice.between(3_000, 30_000);
      case CART -> dice.between(500, 4_000);
      case ORDER -> dice.between(600, 3_000);
      default -> dice.between(200, 1_200);
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void app(
      Flow flow, Call call, Template template, List<LineField> extra, Object... values) {
    emitter.app(
        call.endNanos(),
        call.instance(),
        flow.thread,
        template,
        traceFields(flow, call.span(), extra),
        values);
  }

  private List<LineField> traceFields(Flow flow, String span, List<LineField> extra) {
    List<LineField> fields = new ArrayList<>(3 + extra.size());
    fields.add(LineField.text("trace_id", flow.trace));
    fields.add(LineField.text("span_id", span));
    if (flow.user >= 0) {
      fields.add(LineField.text("user_id", World.userId(flow.user)));
    }
    fields.addAll(extra);
    return fields;
  }

  private static List<LineField> latency(Call call) {
    return List.of(LineField.number("latency_ms", call.latencyMicros() / 1_000));
  }

  private static List<LineField> latency(Call call, List<LineField> more) {
    List<LineField> fields = new ArrayList<>(more);
    fields.add(LineField.number("latency_ms", call.latencyMicros() / 1_000));
    return fields;
  }

  private static long millis(Call call) {
    return Math.max(1, call.latencyMicros() / 1_000);
  }

  private static List<LineField> accessFields(
      String method, String path, int status, long bytes, String referer, String agent) {
    return List.of(
        LineField.text("method", method),
        LineField.text("path", path),
        LineField.number("status", status),
        LineField.number("bytes", bytes),
        LineField.text("referer", referer),
        LineField.text("user_agent", agent));
  }

  private String anonymousClient() {
    return world.clientAddress(dice.pick(addresses));
  }

  private static String cartId(int user) {
    return "cart-"
        + Long.toHexString(0x1_0000_0000L + ((user * 2_654_435_761L) & 0xffff_ffffL)).substring(1);
  }

  private String liveEdge(long timeNanos) {
    boolean first = !board.silent(World.EDGE_HOSTS.get(0), timeNanos);
    boolean second = !board.silent(World.EDGE_HOSTS.get(1), timeNanos);
    if (first && second) {
      return dice.pick(World.EDGE_HOSTS);
    }
    return first ? World.EDGE_HOSTS.get(0) : second ? World.EDGE_HOSTS.get(1) : null;
  }

  private World.Instance gatewayOn(String edge) {
    for (World.Instance instance : world.instances(World.GATEWAY)) {
      if (instance.host().equals(edge)) {
        return instance;
      }
    }
    throw new IllegalStateException("no gateway on " + edge);
  }

  /** A random instance of {@code service} whose host is up, or null when all are down. */
  World.Instance liveInstance(World.Service service, long timeNanos) {
    List<World.Instance> instances = world.instances(service);
    World.Instance picked = instances.get(dice.between(0, instances.size() - 1));
    if (!board.silent(picked.host(), timeNanos)) {
      return picked;
    }
    for (World.Instance other : instances) {
      if (!board.silent(other.host(), timeNanos)) {
        return other;
      }
    }
    return null;
  }

  private static Template access(Route route, int status) {
    return TemplateCatalog.access(route, status);
  }

  private static Weighted<Route> routes() {
    Weighted.Builder<Route> builder = Weighted.builder();
    for (Route route : Route.values()) {
      builder.add(route.weight(), route);
    }
    return builder.build();
  }
}
