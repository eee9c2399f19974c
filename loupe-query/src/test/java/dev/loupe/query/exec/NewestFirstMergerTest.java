package dev.loupe.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Field;
import dev.loupe.core.StreamId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewestFirstMergerTest {
  private static final StreamId STREAM_A = new StreamId(0, 1);
  private static final StreamId STREAM_B = new StreamId(0, 2);

  private final List<String> sent = new ArrayList<>();
  private final RowSink recording =
      row -> {
        sent.add(row.value("_msg"));
        return true;
      };

  private static RankedRow row(long time, StreamId stream, int block, int index) {
    String message = "t" + time + "/" + stream.low() + "/" + block + "/" + index;
    return new RankedRow(
        new ResultRow(time, List.of(new Field("_msg", message))), stream, block, index);
  }

  @Test
  void sendsOnlyRowsNewerThanTheFrontier() {
    NewestFirstMerger merger = new NewestFirstMerger(10);
    merger.offer(row(50, STREAM_A, 0, 0));
    merger.offer(row(30, STREAM_A, 0, 1));
    merger.offer(row(40, STREAM_A, 0, 2));
    assertThat(merger.emitFinal(false, 40, recording, MemoryBudget.unlimited())).isTrue();
    assertThat(sent).containsExactly("t50/1/0/0");
    assertThat(merger.emitFinal(false, 10, recording, MemoryBudget.unlimited())).isTrue();
    assertThat(sent).containsExactly("t50/1/0/0", "t40/1/0/2", "t30/1/0/1");
  }

  @Test
  void sendsEverythingWhenNoBlockIsLeft() {
    NewestFirstMerger merger = new NewestFirstMerger(10);
    merger.offer(row(Long.MIN_VALUE, STREAM_A, 0, 0));
    merger.emitFinal(true, Long.MIN_VALUE, recording, MemoryBudget.unlimited());
    assertThat(sent).hasSize(1);
  }

  @Test
  void keepsOnlyTheBestRowsTheLimitAllows() {
    NewestFirstMerger merger = new NewestFirstMerger(2);
    RankedRow ten = row(10, STREAM_A, 0, 0);
    assertThat(merger.offer(ten)).isNull();
    assertThat(merger.admissionThresholdNanos()).isEqualTo(Long.MIN_VALUE);
    assertThat(merger.offer(row(20, STREAM_A, 0, 1))).isNull();
    assertThat(merger.isFull()).isTrue();
    assertThat(merger.admissionThresholdNanos()).isEqualTo(10);
    RankedRow five = row(5, STREAM_A, 1, 0);
    assertThat(merger.offer(five)).isSameAs(five);
    assertThat(merger.offer(row(30, STREAM_A, 1, 1))).isSameAs(ten);
    assertThat(merger.admissionThresholdNanos()).isEqualTo(20);
    merger.emitFinal(true, 0, recording, MemoryBudget.unlimited());
    assertThat(sent).containsExactly("t30/1/1/1", "t20/1/0/1");
    assertThat(merger.isDone()).isTrue();
    RankedRow late = row(99, STREAM_A, 2, 0);
    assertThat(merger.offer(late)).isSameAs(late);
  }

  @Test
  void sentRowsCountAgainstTheLimit() {
    NewestFirstMerger merger = new NewestFirstMerger(3);
    merger.offer(row(30, STREAM_A, 0, 0));
    merger.emitFinal(false, 20, recording, MemoryBudget.unlimited());
    assertThat(merger.capacity()).isEqualTo(2);
    merger.offer(row(10, STREAM_A, 1, 0));
    merger.offer(row(15, STREAM_A, 1, 1));
    assertThat(merger.isFull()).isTrue();
    assertThat(merger.offer(row(12, STREAM_A, 1, 2)))
        .extracting(RankedRow::timeNanos)
        .isEqualTo(10L);
    merger.emitFinal(true, 0, recording, MemoryBudget.unlimited());
    assertThat(sent).containsExactly("t30/1/0/0", "t15/1/1/1", "t12/1/1/2");
  }

  @Test
  void breaksTiesByStreamThenBlockThenLaterRowFirst() {
    NewestFirstMerger merger = new NewestFirstMerger(10);
    merger.offer(row(7, STREAM_B, 0, 0));
    merger.offer(row(7, STREAM_A, 1, 0));
    merger.offer(row(7, STREAM_A, 0, 0));
    merger.offer(row(7, STREAM_A, 0, 1));
    merger.emitFinal(false, 7, recording, MemoryBudget.unlimited());
    assertThat(sent).as("a row at exactly the frontier is not final yet").isEmpty();
    merger.emitFinal(false, 6, recording, MemoryBudget.unlimited());
    assertThat(sent).containsExactly("t7/1/0/1", "t7/1/0/0", "t7/1/1/0", "t7/2/0/0");
  }

  @Test
  void stopsWhenTheSinkSaysSo() {
    NewestFirstMerger merger = new NewestFirstMerger(10);
    merger.offer(row(2, STREAM_A, 0, 0));
    merger.offer(row(1, STREAM_A, 0, 1));
    assertThat(merger.emitFinal(true, 0, row -> false, MemoryBudget.unlimited())).isFalse();
    assertThat(merger.emitted()).isEqualTo(1);
  }

  @Test
  void needsAPositiveLimit() {
    assertThatThrownBy(() -> new NewestFirstMerger(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
