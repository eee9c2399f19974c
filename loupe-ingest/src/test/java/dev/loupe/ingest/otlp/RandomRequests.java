package dev.loupe.ingest.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Random;

/**
 * Random OTLP logs requests for property tests; the caller's seeded Random makes them repeatable.
 */
final class RandomRequests {
  private static final String[] WORDS = {
    "service.name", "host.name", "a", "é", "line\nbreak", "quote\"", "back\\slash", "", "日本", "x.y"
  };

  private RandomRequests() {}

  static ExportLogsServiceRequest request(Random random, boolean withIds) {
    ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
    for (int resource = random.nextInt(3); resource > 0; resource--) {
      ResourceLogs.Builder resourceLogs =
          ResourceLogs.newBuilder()
              .setResource(
                  Resource.newBuilder()
                      .addAllAttributes(attributes(random, 2))
                      .setDroppedAttributesCount(random.nextInt(3)));
      if (random.nextBoolean()) {
        resourceLogs.setSchemaUrl(word(random));
      }
      for (int scope = random.nextInt(3); scope > 0; scope--) {
        ScopeLogs.Builder scopeLogs =
            ScopeLogs.newBuilder()
                .setScope(
                    InstrumentationScope.newBuilder()
                        .setName(word(random))
                        .setVersion(word(random))
                        .addAllAttributes(attributes(random, 1)));
        for (int record = random.nextInt(4); record > 0; record--) {
          scopeLogs.addLogRecords(record(random, withIds));
        }
        resourceLogs.addScopeLogs(scopeLogs);
      }
      request.addResourceLogs(resourceLogs);
    }
    return request.build();
  }

  static LogRecord record(Random random, boolean withIds) {
    LogRecord.Builder record =
        LogRecord.newBuilder()
            .setTimeUnixNano(random.nextInt(4) == 0 ? 0 : random.nextLong())
            .setObservedTimeUnixNano(random.nextBoolean() ? 0 : random.nextLong())
            .setSeverityNumberValue(random.nextInt(25))
            .setSeverityText(word(random))
            .addAllAttributes(attributes(random, 3))
            .setDroppedAttributesCount(random.nextInt(2))
            .setFlags(random.nextInt(3) == 0 ? random.nextInt() : 0)
            .setEventName(random.nextBoolean() ? "" : word(random));
    if (random.nextInt(5) > 0) {
      record.setBody(value(random, 2));
    }
    if (withIds && random.nextBoolean()) {
      record.setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8));
    }
    return record.build();
  }

  static Iterable<KeyValue> attributes(Random random, int depth) {
    java.util.List<KeyValue> attributes = new java.util.ArrayList<>();
    for (int count = random.nextInt(4); count > 0; count--) {
      attributes.add(
          KeyValue.newBuilder().setKey(word(random)).setValue(value(random, depth)).build());
    }
    return attributes;
  }

  static AnyValue value(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    AnyValue.Builder value = AnyValue.newBuilder();
    return switch (kind) {
      case 0 -> value.setStringValue(word(random)).build();
      case 1 -> value.setBoolValue(random.nextBoolean()).build();
      case 2 -> value.setIntValue(random.nextLong()).build();
      case 3 -> value.setDoubleValue(doubleValue(random)).build();
      case 4 -> value.setBytesValue(bytes(random, random.nextInt(6))).build();
      case 5 -> value.build();
      case 6 -> {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (int count = random.nextInt(3); count > 0; count--) {
          array.addValues(value(random, depth - 1));
        }
        yield value.setArrayValue(array).build();
      }
      default -> {
        KeyValueList.Builder list = KeyValueList.newBuilder();
        list.addAllValues(attributes(random, depth - 1));
        yield value.setKvlistValue(list).build();
      }
    };
  }

  private static double doubleValue(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> -0.5;
      case 3 -> 1e300;
      default -> random.nextDouble() * 1000;
    };
  }

  static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  static ByteString bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }
}
