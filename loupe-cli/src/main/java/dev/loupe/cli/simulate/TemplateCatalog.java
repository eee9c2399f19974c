package dev.loupe.cli.simulate;

import dev.loupe.ingest.Levels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every template the world writes, with its id: the ground truth of the labels. Access templates
 * are one per (route, status); application templates one per kind of event of a service, plus a few
 * every service shares (GC, start-up, retries) and two made for each service (its error in an error
 * burst, its new error after a bad deploy); syslog templates one per kind of daemon message.
 *
 * <p>Events ({@link Template#event}, what the labels CSV scores mining on) follow Loghub's ground
 * truth: a request line's HTTP method is part of its event, its status is a number like any other.
 * So the access templates of one method share one event ({@code access.get}: {@code "GET <*>
 * HTTP/1.1" <*> <*> "<*>" "<*>"}), and the gateway's lines that write a request have one event a
 * method ({@code gateway.request.get}, {@code gateway.request.post}). Every other template is its
 * own event.
 *
 * <p>Honesty rules, checked by the tests on generated lines: a variable's value varies between
 * lines of its template, literal text never does; two variables never touch. A value that is the
 * same for every line of a template (a fixed timeout, the table of a service in its own error) is
 * written into the template as literal text.
 */
final class TemplateCatalog {
  private static final String ERROR = Levels.ERROR;
  private static final String WARN = Levels.WARN;
  private static final String INFO = Levels.INFO;
  private static final String DEBUG = Levels.DEBUG;

  private static final List<Template> ALL = new ArrayList<>();

  // ---- gateway ---------------------------------------------------------------------------------
  static final Template GATEWAY_REQUEST =
      appByMethod(
          "gateway.request", INFO, "{method} {path} completed with status {status} in {millis} ms");
  static final Template GATEWAY_UPSTREAM_TIMEOUT =
      appByMethod(
          "gateway.upstream-timeout",
          WARN,
          "upstream {service} timed out after "
              + FlowRequest.GATEWAY_TIMEOUT_MILLIS
              + " ms for {method} {path}");
  static final Template GATEWAY_UPSTREAM_UNAVAILABLE =
      appByMethod(
          "gateway.upstream-unavailable",
          ERROR,
          "no healthy instance of {service} for {method} {path}, answering 503");
  static final Template GATEWAY_UPSTREAM_ERROR =
      appByMethod(
          "gateway.upstream-error",
          ERROR,
          "upstream {service} answered {status} for {method} {path} (trace {trace})");
  static final Template GATEWAY_ROUTES_REFRESHED =
      app(
          "gateway.routes-refreshed",
          INFO,
          "refreshed {count} routes from the config server in {millis} ms");

  // ---- auth ------------------------------------------------------------------------------------
  static final Template AUTH_TOKEN_VALID =
      app("auth.token-valid", DEBUG, "token of user {user} is valid for another {seconds} s");
  static final Template AUTH_TOKEN_EXPIRED =
      app(
          "auth.token-expired",
          INFO,
          "token of user {user} expired {seconds} s ago, refresh required");
  static final Template AUTH_LOGIN_OK =
      app("auth.login-ok", INFO, "user {user} logged in from {client} (session {session})");
  static final Template AUTH_LOGIN_FAILED =
      app(
          "auth.login-failed",
          WARN,
          "login failed for {email}: invalid password (attempt {attempt} of 5)");
  static final Template AUTH_ACCOUNT_LOCKED =
      app("auth.account-locked", WARN, "account {email} locked after 5 failed attempts");
  static final Template AUTH_KEYS_ROTATED =
      app("auth.keys-rotated", INFO, "rotated signing keys, new key id {key}");
  static final Template AUTH_SESSIONS_PURGED =
      app("auth.sessions-purged", INFO, "purged {count} expired sessions in {millis} ms");

  // ---- catalog ---------------------------------------------------------------------------------
  static final Template CATALOG_CACHE_HIT =
      app("catalog.cache-hit", DEBUG, "product {sku} served from cache");
  static final Template CATALOG_LOADED =
      app("catalog.loaded", INFO, "product {sku} loaded from database in {millis} ms");
  static final Template CATALOG_NOT_FOUND =
      app("catalog.not-found", WARN, "product {sku} not found");
  static final Template CATALOG_LISTING =
      app("catalog.listing", INFO, "listed {count} products in category {category}, page {page}");
  static final Template CATALOG_FEATURED =
      app("catalog.featured", INFO, "home page served {count} featured products");
  static final Template CATALOG_CACHE_STATS =
      app(
          "catalog.cache-stats",
          INFO,
          "product cache: {entries} entries, hit ratio {ratio}, {evictions} evictions in the last"
              + " minute");

  // ---- search ----------------------------------------------------------------------------------
  static final Template SEARCH_QUERY =
      app("search.query", INFO, "query \"{query}\" matched {count} products in {millis} ms");
  static final Template SEARCH_NO_HITS =
      app("search.no-hits", INFO, "query \"{query}\" matched no products");
  static final Template SEARCH_INDEX_REFRESHED =
      app(
          "search.index-refreshed",
          INFO,
          "index products refreshed: {documents} documents, {deleted} deleted, took {millis} ms");

  // ---- cart ------------------------------------------------------------------------------------
  static final Template CART_LOADED =
      app("cart.loaded", DEBUG, "cart {cart} of user {user} loaded with {count} items");
  static final Template CART_ITEM_ADDED =
      app("cart.item-added", INFO, "added {quantity} x {sku} to cart {cart}");
  static final Template CART_OUT_OF_STOCK =
      app("cart.out-of-stock", WARN, "cannot add {sku} to cart {cart}: out of stock");
  static final Template CART_EXPIRED =
      app("cart.expired", INFO, "removed {count} abandoned carts older than 7 days");

  // ---- checkout --------------------------------------------------------------------------------
  static final Template CHECKOUT_STARTED =
      app("checkout.started", INFO, "checkout of cart {cart} started by user {user}");
  static final Template CHECKOUT_PLACED =
      app("checkout.placed", INFO, "order {order} placed with {count} items, total {amount} EUR");
  static final Template CHECKOUT_DECLINED =
      app("checkout.declined", WARN, "order {order} rejected: payment declined ({reason})");
  static final Template CHECKOUT_STOCK_CONFLICT =
      app("checkout.stock-conflict", WARN, "order {order} rejected: {sku} is no longer in stock");
  static final Template CHECKOUT_VIEWED =
      app("checkout.viewed", DEBUG, "order {order} of user {user} loaded, status {state}");
  static final Template CHECKOUT_ORDER_MISSING =
      app("checkout.order-missing", WARN, "order {order} not found for user {user}");
  static final Template CHECKOUT_PAYMENT_ERROR =
      app(
          "checkout.payment-error",
          ERROR,
          """
          order {order} failed: the payment service did not answer
          org.springframework.web.client.ResourceAccessException: I/O error on POST request for \
          "http://payments:8080/v1/authorizations": Read timed out
          \tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:905)
          \tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:885)
          \tat org.springframework.web.client.RestTemplate.execute(RestTemplate.java:790)
          \tat org.springframework.web.client.RestTemplate.postForObject(RestTemplate.java:517)
          \tat dev.shop.checkout.PaymentClient.authorize(PaymentClient.java:88)
          \tat dev.shop.checkout.CheckoutService.placeOrder(CheckoutService.java:142)
          \tat dev.shop.checkout.CheckoutController.checkout(CheckoutController.java:57)
          \t... 87 common frames omitted
          Caused by: java.net.SocketTimeoutException: Read timed out
          \tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)
          \tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)
          \tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)
          \t... 12 common frames omitted""");

  // ---- payments --------------------------------------------------------------------------------
  static final Template PAYMENTS_AUTHORIZED =
      app(
          "payments.authorized",
          INFO,
          "payment {payment} authorized for order {order}: {amount} EUR via {provider} in {millis}"
              + " ms");
  static final Template PAYMENTS_DECLINED =
      app(
          "payments.declined",
          WARN,
          "payment {payment} for order {order} declined by {provider}: {reason}");
  static final Template PAYMENTS_WEBHOOK =
      app("payments.webhook", INFO, "webhook {event} received for payment {payment}");
  static final Template PAYMENTS_PROVIDER_TIMEOUT =
      app(
          "payments.provider-timeout",
          ERROR,
          """
          provider {provider} did not answer within {millis} ms for payment {payment}
          java.net.SocketTimeoutException: Read timed out
          \tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)
          \tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)
          \tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)
          \tat okhttp3.internal.http1.Http1ExchangeCodec.readResponseHeaders(Http1ExchangeCodec.kt:212)
          \tat dev.shop.payments.ProviderClient.authorize(ProviderClient.java:64)
          \tat dev.shop.payments.PaymentService.authorize(PaymentService.java:97)
          \t... 41 common frames omitted""");

  // ---- inventory -------------------------------------------------------------------------------
  static final Template INVENTORY_STOCK =
      app("inventory.stock", DEBUG, "stock of {sku} is {count} units in warehouse {warehouse}");
  static final Template INVENTORY_RESERVED =
      app("inventory.reserved", INFO, "reserved {quantity} units of {sku} for order {order}");
  static final Template INVENTORY_INSUFFICIENT =
      app(
          "inventory.insufficient",
          WARN,
          "insufficient stock for {sku}: requested {quantity}, available {count}");
  static final Template INVENTORY_SYNC =
      app(
          "inventory.sync",
          INFO,
          "warehouse {warehouse} sync finished: {count} items updated in {millis} ms");

  // ---- notifications ---------------------------------------------------------------------------
  static final Template NOTIFICATIONS_QUEUED =
      app("notifications.queued", INFO, "order confirmation for order {order} queued for {email}");
  static final Template NOTIFICATIONS_SENT =
      app("notifications.sent", INFO, "email {message} delivered to {email} in {millis} ms");
  static final Template NOTIFICATIONS_BOUNCED =
      app(
          "notifications.bounced",
          WARN,
          "email {message} to {email} bounced: 550 5.1.1 mailbox unavailable");
  static final Template NOTIFICATIONS_DIGEST =
      app("notifications.digest", INFO, "digest batch {batch} done: {sent} sent, {failed} failed");

  // ---- every service ---------------------------------------------------------------------------
  static final Template JVM_GC_PAUSE =
      app(
          "jvm.gc-pause",
          INFO,
          "GC pause (G1 Evacuation Pause) young {before}M->{after}M({heap}M) {millis}ms");
  static final Template JVM_HEAP_WARNING =
      app(
          "jvm.heap-warning",
          WARN,
          "heap usage at {percent}% after full GC ({used} MB of {heap} MB), old generation grew"
              + " {grown} MB in {seconds} s");
  static final Template JVM_OUT_OF_MEMORY =
      app(
          "jvm.out-of-memory",
          ERROR,
          """
          uncaught exception in thread "http-nio-8080-exec-{thread}"
          java.lang.OutOfMemoryError: Java heap space
          \tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)
          \tat java.base/java.util.ArrayList.grow(ArrayList.java:237)
          \tat java.base/java.util.ArrayList.add(ArrayList.java:484)
          \tat dev.shop.common.cache.LocalCache.put(LocalCache.java:112)
          \tat dev.shop.common.cache.LocalCache.computeIfAbsent(LocalCache.java:87)
          \t... 56 common frames omitted""");
  static final Template SERVICE_STARTED =
      app(
          "service.started",
          INFO,
          "Started {name}Application in {seconds} seconds (process running for {uptime})");
  static final Template SERVICE_SHUTDOWN =
      app(
          "service.shutdown",
          INFO,
          "Commencing graceful shutdown. Waiting for active requests to complete");
  static final Template SERVICE_DEPLOYING =
      app(
          "service.deploying",
          INFO,
          "deploying version {version} (commit {commit}), rolling restart of {count} instances");
  static final Template SERVICE_ROLLBACK =
      app(
          "service.rollback",
          WARN,
          "rolling back to version {version}: {count} errors since the deploy of {bad}");
  static final Template SERVICE_SLOW_CALL =
      app("service.slow-call", WARN, "slow call {operation} took {millis} ms (threshold 1000 ms)");
  static final Template SERVICE_POOL_STATS =
      app(
          "service.pool-stats",
          DEBUG,
          "HikariPool-1 - Pool stats (total=10, active={active}, idle={idle}, waiting={waiting})");
  static final Template SERVICE_HEALTH =
      app("service.health", DEBUG, "health check passed: db {database} ms, cache {cache} ms");
  static final Template SERVICE_RETRY =
      app(
          "service.retry",
          WARN,
          "call to {service} failed (attempt {attempt} of 3), retrying in {millis} ms");

  /**
   * Each service's error in an error burst: its database pool runs dry. Not the gateway's: it has
   * no database and only forwards, so it is never the target of a burst or a deploy.
   */
  private static final Map<String, Template> BURST_ERRORS =
      perService(TemplateCatalog::makeBurstError);

  /** Each service's new error after a bad deploy. */
  private static final Map<String, Template> REGRESSIONS =
      perService(TemplateCatalog::makeRegression);

  // ---- syslog ----------------------------------------------------------------------------------
  /**
   * pam_unix writes the same line for every service that opens a session (sshd, cron): the
   * service's name is its argument, so those lines share these events.
   */
  private static final Template PAM_SESSION_OPENED =
      new Template(
          "pam.session-opened",
          Source.SYSLOG,
          INFO,
          "pam_unix({service}:session): session opened for user {user}(uid={uid}) by (uid=0)");

  private static final Template PAM_SESSION_CLOSED =
      new Template(
          "pam.session-closed",
          Source.SYSLOG,
          INFO,
          "pam_unix({service}:session): session closed for user {user}");

  static final Template SSHD_ACCEPTED =
      syslog(
          "sshd.accepted",
          INFO,
          "Accepted publickey for {user} from {address} port {port} ssh2: ED25519"
              + " SHA256:{fingerprint}");
  static final Template SSHD_SESSION_OPENED =
      syslogOf(
          PAM_SESSION_OPENED,
          "sshd.session-opened",
          INFO,
          "pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)");
  static final Template SSHD_DISCONNECTED =
      syslog("sshd.disconnected", INFO, "Disconnected from user {user} {address} port {port}");
  static final Template SSHD_SESSION_CLOSED =
      syslogOf(
          PAM_SESSION_CLOSED,
          "sshd.session-closed",
          INFO,
          "pam_unix(sshd:session): session closed for user {user}");
  static final Template SSHD_INVALID_USER =
      syslog("sshd.invalid-user", INFO, "Invalid user {user} from {address} port {port}");
  static final Template SSHD_FAILED_PASSWORD =
      syslog(
          "sshd.failed-password",
          INFO,
          "Failed password for invalid user {user} from {address} port {port} ssh2");
  static final Template SSHD_RECEIVED_DISCONNECT =
      syslog(
          "sshd.received-disconnect",
          INFO,
          "Received disconnect from {address} port {port}:11: Bye Bye [preauth]");
  static final Template SSHD_CLOSED_PREAUTH =
      syslog(
          "sshd.closed-preauth",
          INFO,
          "Connection closed by invalid user {user} {address} port {port} [preauth]");
  static final Template CRON_SESSION_OPENED =
      syslogOf(
          PAM_SESSION_OPENED,
          "cron.session-opened",
          INFO,
          "pam_unix(cron:session): session opened for user {user}(uid={uid}) by (uid=0)");
  static final Template CRON_COMMAND = syslog("cron.command", INFO, "({user}) CMD ({command})");
  static final Template CRON_SESSION_CLOSED =
      syslogOf(
          PAM_SESSION_CLOSED,
          "cron.session-closed",
          INFO,
          "pam_unix(cron:session): session closed for user {user}");
  static final Template KERNEL_SYN_FLOOD =
      syslog(
          "kernel.syn-flood",
          WARN,
          "[{uptime}] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies. "
              + " Check SNMP counters.");
  static final Template KERNEL_UFW_BLOCK =
      syslog(
          "kernel.ufw-block",
          WARN,
          "[{uptime}] [UFW BLOCK] IN=eth0 OUT= MAC={mac} SRC={source} DST={destination} LEN={length}"
              + " TOS=0x00 PREC=0x00 TTL={ttl} ID={packet} PROTO=TCP SPT={source_port}"
              + " DPT={destination_port} WINDOW={window} RES=0x00 SYN URGP=0");
  static final Template KERNEL_CONNTRACK =
      syslog("kernel.conntrack", WARN, "[{uptime}] nf_conntrack: table full, dropping packet");
  static final Template KERNEL_BOOT =
      syslog(
          "kernel.boot",
          INFO,
          "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12"
              + " (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP"
              + " PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)");
  static final Template KERNEL_COMMAND_LINE =
      syslog(
          "kernel.command-line",
          INFO,
          "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64"
              + " root=UUID={disk} ro quiet");
  static final Template SYSTEMD_SESSION_STARTED =
      syslog("systemd.session-started", INFO, "Started {unit} - Session {number} of User {user}.");
  static final Template SYSTEMD_UNIT_STARTING =
      syslog("systemd.unit-starting", INFO, "Starting {unit} - {description}...");
  static final Template SYSTEMD_UNIT_FINISHED =
      syslog("systemd.unit-finished", INFO, "Finished {unit} - {description}.");
  static final Template SYSTEMD_UNIT_DEACTIVATED =
      syslog("systemd.unit-deactivated", INFO, "{unit}: Deactivated successfully.");
  static final Template SYSTEMD_UNIT_CPU =
      syslog("systemd.unit-cpu", INFO, "{unit}: Consumed {seconds}s CPU time.");
  static final Template SYSTEMD_STARTUP_FINISHED =
      syslog(
          "systemd.startup-finished",
          INFO,
          "Startup finished in {kernel}s (kernel) + {userspace}s (userspace) = {total}s.");
  static final Template LOGIND_NEW_SESSION =
      syslog("logind.new-session", INFO, "New session {session} of user {user}.");
  static final Template LOGIND_REMOVED_SESSION =
      syslog("logind.removed-session", INFO, "Removed session {session}.");
  static final Template SUDO_COMMAND =
      syslog(
          "sudo.command",
          INFO,
          "{user} : TTY=pts/{tty} ; PWD=/home/{home} ; USER=root ; COMMAND=/usr/bin/systemctl"
              + " {action} {unit}");
  static final Template CHRONYD_SELECTED =
      syslog("chronyd.selected", INFO, "Selected source {address} ({server})");
  static final Template CHRONYD_REPLACED =
      syslog("chronyd.replaced", INFO, "Source {old} replaced with {address} ({server})");
  static final Template POSTGRES_CHECKPOINT_STARTING =
      syslog("postgres.checkpoint-starting", INFO, "LOG:  checkpoint starting: time");
  static final Template POSTGRES_CHECKPOINT_COMPLETE =
      syslog(
          "postgres.checkpoint-complete",
          INFO,
          "LOG:  checkpoint complete: wrote {buffers} buffers ({percent}%); 0 WAL file(s) added,"
              + " 0 removed, {recycled} recycled; write={write} s, sync={sync} s, total={total} s");
  static final Template POSTGRES_CONNECTION_AUTHORIZED =
      syslog(
          "postgres.connection-authorized",
          INFO,
          "LOG:  connection authorized: user={user} database=shop application_name={application}");
  static final Template POSTGRES_SLOW_STATEMENT =
      syslog(
          "postgres.slow-statement",
          WARN,
          "LOG:  duration: {millis} ms  statement: SELECT * FROM {table} WHERE id = $1");
  static final Template POSTGRES_TOO_MANY_CLIENTS =
      syslog("postgres.too-many-clients", ERROR, "FATAL:  sorry, too many clients already");

  // ---- access log ------------------------------------------------------------------------------
  /** The combined log format after the time: the access lines' events, one a method. */
  private static final Template ACCESS_EVENTS =
      new Template(
              "access",
              Source.ACCESS,
              INFO,
              "\"{method} {path} HTTP/1.1\" {status} {bytes} \"{referer}\" \"{agent}\"")
          .withEventsBy("method", Route.methods());

  private static final Map<String, Template> ACCESS = accessTemplates();

  private static final List<Template> FROZEN = List.copyOf(ALL);
  private static final Map<String, Template> BY_ID = byId(FROZEN);
  private static final List<Template> EVENTS = events(FROZEN);

  private TemplateCatalog() {}

  /** Every template, in a fixed order. */
  static List<Template> all() {
    return FROZEN;
  }

  /** Every event the templates give their lines, in a fixed order: what the labels CSV names. */
  static List<Template> events() {
    return EVENTS;
  }

  static Template byId(String id) {
    Template template = BY_ID.get(id);
    if (template == null) {
      throw new IllegalArgumentException("no template " + id);
    }
    return template;
  }

  /** The access template of {@code route} answering {@code status}. */
  static Template access(Route route, int status) {
    Template template = ACCESS.get(route.id() + "." + status);
    if (template == null) {
      throw new IllegalArgumentException("route " + route.id() + " never answers " + status);
    }
    return template;
  }

  static Template burstError(World.Service service) {
    return BURST_ERRORS.get(service.name());
  }

  static Template regression(World.Service service) {
    return REGRESSIONS.get(service.name());
  }

  private static Template app(String id, String level, String text) {
    return add(new Template(id, Source.APP, level, text));
  }

  /** An app template that writes a request's method: one event a method (see the class note). */
  private static Template appByMethod(String id, String level, String text) {
    return add(new Template(id, Source.APP, level, text).withEventsBy("method", Route.methods()));
  }

  private static Template syslog(String id, String level, String text) {
    return add(new Template(id, Source.SYSLOG, level, text));
  }

  /** A syslog template whose lines have {@code event}, another program's same line. */
  private static Template syslogOf(Template event, String id, String level, String text) {
    return add(new Template(id, Source.SYSLOG, level, text).withEvent(event));
  }

  private static Template add(Template template) {
    ALL.add(template);
    return template;
  }

  private static Map<String, Template> perService(
      java.util.function.Function<World.Service, Template> make) {
    Map<String, Template> templates = new LinkedHashMap<>();
    for (World.Service service : World.SERVICES) {
      if (service != World.GATEWAY) {
        templates.put(service.name(), add(make.apply(service)));
      }
    }
    return Collections.unmodifiableMap(templates);
  }

  /**
   * The database pool of a service runs dry: the same shape for every service, but the classes and
   * table are the service's own, so each is its own template.
   */
  private static Template makeBurstError(World.Service service) {
    String entity = service.entity();
    String classes = service.packageName() + "." + entity;
    int line = 40 + Math.floorMod(service.name().hashCode(), 150);
    String text =
        "query on "
            + service.table()
            + " failed after {millis} ms: no database connection available\n"
            + "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not"
            + " available, request timed out after 3000ms.\n"
            + "\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n"
            + "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n"
            + "\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:128)\n"
            + "\tat "
            + classes
            + "Repository.findById("
            + entity
            + "Repository.java:"
            + line
            + ")\n"
            + "\tat "
            + classes
            + "Service.load("
            + entity
            + "Service.java:"
            + (line + 31)
            + ")\n"
            + "\t... 64 common frames omitted";
    return new Template(service.name() + ".db-timeout", Source.APP, ERROR, text);
  }

  /** A null where the new version of a service did not expect one. */
  private static Template makeRegression(World.Service service) {
    String entity = service.entity();
    String classes = service.packageName() + "." + entity;
    int line = 60 + Math.floorMod(service.name().hashCode() >>> 8, 200);
    String text =
        "unexpected error while handling request {request}\n"
            + "java.lang.NullPointerException: Cannot invoke \""
            + service.packageName()
            + ".model."
            + entity
            + ".getVersion()\" because \"cached\" is null\n"
            + "\tat "
            + classes
            + "Service.refresh("
            + entity
            + "Service.java:"
            + line
            + ")\n"
            + "\tat "
            + classes
            + "Service.load("
            + entity
            + "Service.java:"
            + (line + 17)
            + ")\n"
            + "\tat "
            + classes
            + "Controller.get("
            + entity
            + "Controller.java:"
            + (line / 3)
            + ")\n"
            + "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)\n"
            + "\t... 48 common frames omitted";
    return new Template(service.name() + ".regression", Source.APP, ERROR, text);
  }

  private static Map<String, Template> accessTemplates() {
    Map<String, Template> templates = new LinkedHashMap<>();
    for (Route route : Route.values()) {
      for (int status : route.allStatuses()) {
        String id = "access." + route.id() + "." + status;
        Template event = ACCESS_EVENTS.event(route.method(), "", "", "", "", "");
        Template template =
            add(
                new Template(id, Source.ACCESS, accessLevel(status), accessText(route, status))
                    .withEvent(event));
        templates.put(route.id() + "." + status, template);
      }
    }
    return Collections.unmodifiableMap(templates);
  }

  /**
   * The part of a combined log line after the time. The probe's line never varies (same path, body,
   * referer and agent), and a 304 sends no body, so those parts are literal.
   */
  private static String accessText(Route route, int status) {
    String request = "\"" + route.method() + " " + route.path() + " HTTP/1.1\" " + status + " ";
    if (route.backend() == Route.Backend.PROBE) {
      return request + "2 \"-\" \"" + World.PROBE_USER_AGENT + "\"";
    }
    String bytes = status == 304 ? "0" : "{bytes}";
    return request + bytes + " \"{referer}\" \"{agent}\"";
  }

  private static String accessLevel(int status) {
    if (status >= 500) {
      return ERROR;
    }
    return status >= 400 ? WARN : INFO;
  }

  private static List<Template> events(List<Template> templates) {
    Map<String, Template> events = new LinkedHashMap<>();
    for (Template template : templates) {
      for (Template event : template.events()) {
        events.putIfAbsent(event.id(), event);
      }
    }
    return List.copyOf(events.values());
  }

  private static Map<String, Template> byId(List<Template> templates) {
    Map<String, Template> byId = new LinkedHashMap<>();
    for (Template template : templates) {
      if (byId.put(template.id(), template) != null) {
        throw new IllegalStateException("two templates have the id " + template.id());
      }
    }
    return Collections.unmodifiableMap(byId);
  }
}
