package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/gRPC listener: grpc-java's Netty server on its own port, serving {@link
 * OtlpGrpcService}. Calls run on virtual threads, since each one blocks until its records are
 * fsynced; Netty's event loops only move bytes. grpc-java refuses a message over {@link
 * OtlpConfig#maxMessageBytes()} (also after gzip decompression) with RESOURCE_EXHAUSTED before it
 * is buffered, and a bad call or connection ends that call or connection only.
 *
 * <p>{@link #start} and {@link #close} are called once each, by the server's owner.
 */
final class ListenerOtlpGrpc implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerOtlpGrpc.class);

  private final Server server;
  private final ExecutorService calls;
  private final long stopTimeoutMillis;

  private ListenerOtlpGrpc(Server server, ExecutorService calls, long stopTimeoutMillis) {
    this.server = server;
    this.calls = calls;
    this.stopTimeoutMillis = stopTimeoutMillis;
  }

  /**
   * Binds {@link OtlpConfig#grpcPort()} (or any free port for {@link OtlpConfig#ANY_FREE_PORT})
   * with the config's message limit; {@link #close} waits up to its stop timeout for calls.
   *
   * @throws LoupeException UNAVAILABLE when the port cannot be bound, saying how to fix it
   */
  static ListenerOtlpGrpc start(String host, OtlpConfig config, OtlpLogsIngest ingest) {
    requireNonNull(host, "host is null");
    int port = config.grpcPort();
    int maxMessageBytes = config.maxMessageBytes();
    int bindPort = port == OtlpConfig.ANY_FREE_PORT ? 0 : port;
    ExecutorService calls =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("loupe-otlp-grpc-", 0).factory());
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, bindPort))
            .executor(calls)
            .maxInboundMessageSize(maxMessageBytes)
            .addService(OtlpGrpcService.definition(ingest))
            .build();
    try {
      server.start();
    } catch (IOException failure) {
      calls.shutdownNow();
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          "cannot listen for OTLP/gRPC on "
              + host
              + ":"
              + bindPort
              + " ("
              + failure.getMessage()
              + "): choose another --otlp-grpc-port, or 0 to turn the listener off",
          failure);
    }
    LOG.info("otlp grpc listening host={} port={}", host, server.getPort());
    return new ListenerOtlpGrpc(server, calls, config.grpcStopTimeout().toMillis());
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(stopTimeoutMillis, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException interrupted) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    calls.shutdownNow();
  }
}
