package dev.loupe.server;

import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.query.lang.QuerySyntaxException;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code /api/v1/tail/ws?query=…}: the live tail of {@link TailHandler} over WebSocket, one
 * listener per connection. Same parameters ({@code query}, {@code tenant}, {@code cursor}), same
 * hub, filter and resume rules; each line is a text message {@code {"id":"pos.idx","row":{…}}},
 * notices are {@code {"event":"dropped","dropped":N}} and {@code {"event":"gap",…}}, and an idle
 * tail is pinged every 15 s. A request the tail cannot serve (bad query or cursor) gets {@code
 * {"event":"error","error":{…}}} and a close with code 1008.
 *
 * <p>Each session has a sender: a virtual thread that takes from its {@link TailSubscriber} and
 * sends, so Helidon's connection thread stays free to read the client's frames (ping, close). The
 * sender stops, and the subscription ends, when the session closes or a send fails. Messages from
 * the client are ignored.
 */
final class TailSocket implements WsListener {
  static final String PATH = "/api/v1/tail/ws";

  private final TailHub hub;
  private final ServerMetrics metrics;
  private final InstantSource clock;
  private TailRequest request;
  private LoupeException refused;
  private Integer refusedPosition;
  private volatile Thread sender;

  TailSocket(TailHub hub, ServerMetrics metrics, InstantSource clock) {
    this.hub = hub;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
    try {
      request = TailRequest.parse(prologue.query(), headers);
    } catch (QuerySyntaxException syntax) {
      refused = syntax;
      refusedPosition = syntax.position();
    } catch (LoupeException failure) {
      refused = failure;
    }
    return Optional.empty();
  }

  @Override
  public void onOpen(WsSession session) {
    if (request == null) {
      LoupeException failure =
          refused != null
              ? refused
              : new LoupeException(
                  dev.loupe.core.ErrorCode.BAD_REQUEST, "the tail request was not read");
      String body = HttpErrors.body(failure.code(), failure.getMessage(), refusedPosition).strip();
      session.send("{\"event\":\"error\"," + body.substring(1), true);
      session.close(WsCloseCodes.VIOLATED_POLICY, failure.code().name());
      return;
    }
    metrics.queries.increment();
    TailSubscriber subscriber;
    try {
      subscriber = request.subscribe(hub, clock);
    } catch (LoupeException full) {
      String body = HttpErrors.body(full.code(), full.getMessage(), null).strip();
      session.send("{\"event\":\"error\"," + body.substring(1), true);
      session.close(WsCloseCodes.TRY_AGAIN_LATER, full.code().name());
      return;
    }
    // A platform thread, as for SSE (see TailHandler): virtual threads queue behind ingest work.
    sender =
        Thread.ofPlatform().daemon().name("loupe-tail-ws").start(() -> send(session, subscriber));
  }

  @Override
  public void onClose(WsSession session, int status, String reason) {
    stop();
  }

  @Override
  public void onError(WsSession session, Throwable failure) {
    stop();
  }

  private void stop() {
    Thread running = sender;
    if (running != null) {
      running.interrupt();
    }
  }

  private void send(WsSession session, TailSubscriber subscriber) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        TailSubscriber.Entry entry = subscriber.take(ServerLimits.TAIL_HEARTBEAT_MILLIS);
        if (entry == null) {
          // Like the SSE keepalive: a ping every 15 s keeps proxies from closing an idle tail.
          session.ping(BufferData.empty());
          continue;
        }
        if (entry.batch() == null) {
          session.send(TailRequest.noticeJson(entry, true), true);
          continue;
        }
        LogRecord[] records = entry.batch().array();
        for (int index : entry.indexes()) {
          session.send(
              "{\"id\":\""
                  + TailRequest.cursor(entry, index)
                  + "\",\"row\":"
                  + TailRequest.rowJson(records[index])
                  + "}",
              true);
        }
      }
    } catch (InterruptedException stopping) {
      // The session closed.
    } catch (RuntimeException clientGone) {
      // A send failed: the client went away without a close frame.
      session.terminate();
    } finally {
      hub.unsubscribe(subscriber);
    }
  }
}
