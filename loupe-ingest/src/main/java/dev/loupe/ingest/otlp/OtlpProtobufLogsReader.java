package dev.loupe.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads an OTLP logs export request in the protobuf encoding ({@code POST /v1/logs} with {@code
 * Content-Type: application/x-protobuf}, and the message of a gRPC {@code Export} call).
 *
 * <p>Invalid UTF-8 in a string is replaced with U+FFFD instead of failing the request: protobuf's
 * generated parser refuses a whole message for one bad byte in any {@code string} field, while log
 * shippers pass on whatever bytes a program wrote, and Loupe keeps such lines everywhere else.
 *
 * <p>Design note: the strict generated parser runs first, so a valid message (nearly all of them)
 * costs nothing more. Only when it fails is the message walked once with its descriptor ({@link
 * #repairUtf8}): each {@code string} field is decoded with replacement and written back, nested
 * messages are walked the same way, everything else is copied as it is; then the repaired bytes are
 * parsed again. A message broken in another way fails the walk too, and the original parse error is
 * reported. The walk stops at {@link #MAX_DEPTH} levels, protobuf's own default recursion limit.
 *
 * <p>Thread-safe: stateless.
 */
public final class OtlpProtobufLogsReader {
  /** Protobuf's default recursion limit: a deeper message is refused by its parser as well. */
  static final int MAX_DEPTH = 100;

  private OtlpProtobufLogsReader() {}

  /**
   * Parses {@code body}.
   *
   * @throws LoupeException BAD_REQUEST when the bytes are not an {@code ExportLogsServiceRequest}
   */
  public static OtlpLogsRequest read(byte[] body) {
    try {
      return OtlpLogsRequest.of(ExportLogsServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException invalid) {
      byte[] repaired;
      try {
        repaired = repairUtf8(body, ExportLogsServiceRequest.getDescriptor());
      } catch (IOException | RuntimeException notRepairable) {
        throw badRequest(invalid);
      }
      try {
        return OtlpLogsRequest.of(ExportLogsServiceRequest.parseFrom(repaired));
      } catch (InvalidProtocolBufferException stillInvalid) {
        throw badRequest(invalid);
      }
    }
  }

  private static LoupeException badRequest(InvalidProtocolBufferException invalid) {
    return new LoupeException(
        ErrorCode.BAD_REQUEST,
        "invalid OTLP protobuf logs request: "
            + invalid.getMessage().toLowerCase(Locale.ROOT)
            + " (send a serialized opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest)",
        invalid);
  }

  /** The message with every invalid UTF-8 sequence in its string fields replaced by U+FFFD. */
  static byte[] repairUtf8(byte[] message, Descriptor type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length + 16);
    CodedOutputStream output = CodedOutputStream.newInstance(bytes);
    copy(CodedInputStream.newInstance(message), type, output, 0);
    output.flush();
    return bytes.toByteArray();
  }

  private static void copy(
      CodedInputStream input, Descriptor type, CodedOutputStream output, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new InvalidProtocolBufferException("message nested more than " + MAX_DEPTH + " deep");
    }
    while (true) {
      int tag = input.readTag();
      if (tag == 0) {
        return;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      FieldDescriptor field = type.findFieldByNumber(number);
      boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (!delimited || field == null) {
        input.skipField(tag, output);
        continue;
      }
      switch (field.getType()) {
        case STRING -> output.writeString(number, input.readBytes().toStringUtf8());
        case MESSAGE -> {
          ByteString nested = input.readBytes();
          ByteArrayOutputStream nestedBytes = new ByteArrayOutputStream(nested.size() + 16);
          CodedOutputStream nestedOutput = CodedOutputStream.newInstance(nestedBytes);
          copy(nested.newCodedInput(), field.getMessageType(), nestedOutput, depth + 1);
          nestedOutput.flush();
          output.writeByteArray(number, nestedBytes.toByteArray());
        }
        default -> input.skipField(tag, output);
      }
    }
  }
}
