package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.otlp.OtlpLogsRequest;
import dev.loupe.ingest.otlp.OtlpProtobufLogsReader;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The OTLP/gRPC logs service, {@code opentelemetry.proto.collector.logs.v1.LogsService/Export}:
 * answers once the records are durable ({@link OtlpLogsIngest#export} returned), with a partial
 * success when some records were rejected; INVALID_ARGUMENT for a message that does not decode,
 * UNAVAILABLE when the store refuses writes (clients retry it). The tenant comes from the {@code
 * loupe-tenant} metadata key.
 *
 * <p>Design note: the method descriptor is built here rather than taken from the generated {@code
 * LogsServiceGrpc}, with a request marshaller of our own, so that the message is parsed by {@link
 * OtlpProtobufLogsReader} (invalid UTF-8 replaced, not a failed call) and a parse failure reaches
 * the handler as a value and is answered with a status that says what was wrong, instead of failing
 * inside grpc-java's call machinery. (It also spares the jar grpc-protobuf and the Google common
 * protos it brings.)
 */
final class OtlpGrpcService {
  /** gRPC metadata key standing in for the {@code Loupe-Tenant} header. */
  static final Metadata.Key<String> TENANT_KEY =
      Metadata.Key.of(
          IngestParameters.HEADER_TENANT.toLowerCase(Locale.ROOT),
          Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<String> TENANT = Context.key("loupe-tenant");

  /** The service and method of the OTLP specification (opentelemetry-proto, logs_service.proto). */
  static final String SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";

  static final String METHOD = "Export";

  private OtlpGrpcService() {}

  /** A request as it came off the wire: decoded, or why it could not be. */
  record Parsed(OtlpLogsRequest request, LoupeException failure, byte[] bytes) {}

  static ServerServiceDefinition definition(OtlpLogsIngest ingest) {
    requireNonNull(ingest, "ingest is null");
    MethodDescriptor<Parsed, ExportLogsServiceResponse> export =
        MethodDescriptor.<Parsed, ExportLogsServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, METHOD))
            .setRequestMarshaller(new RequestMarshaller())
            .setResponseMarshaller(new ResponseMarshaller())
            .build();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                export,
                ServerCalls.asyncUnaryCall(
                    (Parsed parsed, StreamObserver<ExportLogsServiceResponse> observer) ->
                        export(ingest, parsed, observer)))
            .build();
    return ServerInterceptors.intercept(service, List.of(new TenantInterceptor()));
  }

  private static void export(
      OtlpLogsIngest ingest, Parsed parsed, StreamObserver<ExportLogsServiceResponse> observer) {
    try {
      if (parsed.failure() != null) {
        throw parsed.failure();
      }
      String tenant = tenant();
      ExportLogsServiceResponse response = ingest.export(parsed.request(), tenant);
      observer.onNext(response);
      observer.onCompleted();
    } catch (LoupeException failure) {
      observer.onError(OtlpErrors.grpcStatus(failure).asRuntimeException());
    }
  }

  /** The tenant of the call, checked as the HTTP API checks it (BAD_REQUEST when invalid). */
  private static String tenant() {
    String tenant = TENANT.get();
    if (tenant == null || tenant.isBlank()) {
      return Stream.DEFAULT_TENANT;
    }
    return IngestParameters.defaults(0).withTenant(tenant.strip()).tenant();
  }

  /** Parses with {@link OtlpProtobufLogsReader}; never throws, so failures reach the handler. */
  private static final class RequestMarshaller implements MethodDescriptor.Marshaller<Parsed> {
    @Override
    public InputStream stream(Parsed value) {
      return new ByteArrayInputStream(value.bytes());
    }

    @Override
    public Parsed parse(InputStream stream) {
      byte[] bytes;
      try {
        bytes = stream.readAllBytes();
      } catch (IOException failure) {
        throw new UncheckedIOException(failure);
      }
      try {
        return new Parsed(OtlpProtobufLogsReader.read(bytes), null, bytes);
      } catch (LoupeException failure) {
        return new Parsed(null, failure, bytes);
      }
    }
  }

  /** Writes the response as protobuf; parsing one is a client's job, not the server's. */
  private static final class ResponseMarshaller
      implements MethodDescriptor.Marshaller<ExportLogsServiceResponse> {
    @Override
    public InputStream stream(ExportLogsServiceResponse value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public ExportLogsServiceResponse parse(InputStream stream) {
      try {
        return ExportLogsServiceResponse.parseFrom(stream);
      } catch (IOException failure) {
        throw new UncheckedIOException(failure);
      }
    }
  }

  /** Puts the {@code loupe-tenant} metadata value into the call's context. */
  private static final class TenantInterceptor implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      String tenant = headers.get(TENANT_KEY);
      if (tenant == null) {
        return next.startCall(call, headers);
      }
      return Contexts.interceptCall(
          Context.current().withValue(TENANT, tenant), call, headers, next);
    }
  }
}
