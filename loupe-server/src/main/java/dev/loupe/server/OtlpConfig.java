package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.otlp.OtlpStreamLabels;
import java.time.Duration;

/**
 * Settings of OpenTelemetry logs ingest (OTLP). OTLP/HTTP ({@code POST /v1/logs}) is always served
 * on the main port; the OTLP/gRPC listener has a port of its own.
 *
 * @param grpcPort TCP port of the OTLP/gRPC listener, on the server's host address; 0 turns it off
 *     (the default: see {@link #defaults()}), {@link #ANY_FREE_PORT} picks a free one (tests)
 * @param streamLabels the resource attributes that become stream labels
 * @param maxMessageBytes the largest export request, after decompression, on either transport;
 *     larger ones fail as a whole (HTTP 413, gRPC RESOURCE_EXHAUSTED)
 * @param grpcStopTimeout how long stopping the server waits for gRPC calls in flight to finish
 */
public record OtlpConfig(
    int grpcPort, OtlpStreamLabels streamLabels, int maxMessageBytes, Duration grpcStopTimeout) {
  /** The port OpenTelemetry assigns to OTLP/gRPC, for the docs and the flag's help. */
  public static final int STANDARD_GRPC_PORT = 4317;

  /** Not a real port: the gRPC listener takes any free port (tests, where 0 means off). */
  public static final int ANY_FREE_PORT = -1;

  public OtlpConfig {
    requireNonNull(streamLabels, "streamLabels is null");
    if (grpcPort < ANY_FREE_PORT || grpcPort > 65535) {
      throw new IllegalArgumentException("grpcPort out of range: " + grpcPort);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
    requireNonNull(grpcStopTimeout, "grpcStopTimeout is null");
    if (grpcStopTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "grpcStopTimeout must not be negative: " + grpcStopTimeout);
    }
  }

  /** With the default gRPC stop timeout. */
  public OtlpConfig(int grpcPort, OtlpStreamLabels streamLabels, int maxMessageBytes) {
    this(grpcPort, streamLabels, maxMessageBytes, ServerLimits.DEFAULT_OTLP_GRPC_STOP_TIMEOUT);
  }

  /**
   * gRPC off, the default stream labels, {@link ServerLimits#DEFAULT_OTLP_MAX_MESSAGE_BYTES}. Off
   * because 4317 is often taken on a developer's machine already (a local Collector, Jaeger), and a
   * server that fails to start for a listener nobody asked for is worse than one flag to turn it
   * on; OTLP/HTTP works on the main port without any setting.
   */
  public static OtlpConfig defaults() {
    return new OtlpConfig(
        0, OtlpStreamLabels.defaults(), ServerLimits.DEFAULT_OTLP_MAX_MESSAGE_BYTES);
  }

  public boolean grpcEnabled() {
    return grpcPort != 0;
  }

  public OtlpConfig withGrpcPort(int port) {
    return new OtlpConfig(port, streamLabels, maxMessageBytes, grpcStopTimeout);
  }

  public OtlpConfig withStreamLabels(OtlpStreamLabels labels) {
    return new OtlpConfig(grpcPort, labels, maxMessageBytes, grpcStopTimeout);
  }

  public OtlpConfig withMaxMessageBytes(int bytes) {
    return new OtlpConfig(grpcPort, streamLabels, bytes, grpcStopTimeout);
  }

  public OtlpConfig withGrpcStopTimeout(Duration timeout) {
    return new OtlpConfig(grpcPort, streamLabels, maxMessageBytes, timeout);
  }
}
