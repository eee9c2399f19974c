package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {
  private static final long RECEIVED = 1_000L;

  private final List<LogRecord> records = new ArrayList<>();
  private final RecordCollector collector = new RecordCollector(records::addAll, 10, 100, 1 << 20);

  private RecordAssembler assembler(int maxFields) {
    StreamResolver resolver = new StreamResolver("default", List.of("service"), new StreamCache());
    return new RecordAssembler(
        List.of("ts", "time"), List.of("msg"), RECEIVED, maxFields, resolver, collector);
  }

  @Test
  void theBestTimeAndMessageFieldsLeaveTheFieldsAndStreamFieldsStay() {
    RecordAssembler assembler = assembler(10);
    assembler.start();
    assembler.add("time", "1970-01-01T00:00:02Z");
    assembler.add("service", "api");
    assembler.add("ts", "1970-01-01T00:00:01Z");
    assembler.add("msg", "hello");
    assembler.add("_stream", "spoof");

    assertThat(assembler.finish(7, "none", 10)).isNull();
    collector.finish();

    LogRecord record = records.getFirst();
    assertThat(record.timeNanos()).isEqualTo(1_000_000_000L);
    assertThat(record.message()).isEqualTo("hello");
    assertThat(record.stream()).isEqualTo(Stream.of("default", Map.of("service", "api")));
    assertThat(DecoderLogfmtTest.fieldText(record))
        .isEqualTo("time=1970-01-01T00:00:02Z, service=api");
  }

  @Test
  void withoutTimeOrMessageFieldsTheGivenOnesAreUsedAndStateDoesNotLeakBetweenLines() {
    RecordAssembler assembler = assembler(10);
    assembler.start();
    assembler.add("msg", "first");
    assembler.add("service", "api");
    assembler.finish(7, "none", 10);
    assembler.start();
    assembler.add("other", "x");

    assertThat(assembler.finish(7, "fallback", 10)).isNull();
    collector.finish();

    LogRecord second = records.get(1);
    assertThat(second.timeNanos()).isEqualTo(7);
    assertThat(second.message()).isEqualTo("fallback");
    assertThat(second.stream()).isEqualTo(Stream.of("default", Map.of()));
    assertThat(DecoderLogfmtTest.fieldText(second)).isEqualTo("other=x");
  }

  @Test
  void rejectsTooManyFieldsAndUnreadableTimesWithoutHandingOnARecord() {
    RecordAssembler assembler = assembler(1);
    assembler.start();
    assertThat(assembler.add("a", "1")).isNull();
    assertThat(assembler.add("b", "2"))
        .isEqualTo(
            "record has more than 1 fields after flattening; send fewer fields or raise the field"
                + " limit");

    assembler.start();
    assembler.add("ts", "soon");
    assertThat(assembler.finish(7, "", 10)).startsWith("field \"ts\" has time \"soon\"");

    assertThat(collector.finish()).isEqualTo(new IngestResult(0, 0, List.of()));
    assertThat(records).isEmpty();
  }
}
