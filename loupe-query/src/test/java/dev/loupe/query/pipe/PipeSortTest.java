package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.query.testing.InMemorySnapshot;
import dev.loupe.query.testing.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class PipeSortTest {

  @Test
  void sortsNumbersAsNumbersBeforeTextThenByTheNextKey() {
    assertThat(PipeTesting.run("* | sort by (latency desc, _msg) | fields _msg, latency", 1000))
        .containsExactly(
            "_msg=a3 latency=abc",
            "_msg=w2",
            "_msg=w4 latency=1e3",
            "_msg=a2 latency=30",
            "_msg=a4 latency=20",
            "_msg=a1 latency=10",
            "_msg=w3 latency=7",
            "_msg=w1 latency=5");
  }

  @Test
  void sortsEveryRowThenTheLimitCapsTheOutput() {
    assertThat(PipeTesting.run("* | sort by (_msg) | fields _msg", 2))
        .containsExactly("_msg=a1", "_msg=a2");
  }

  @Test
  void sortsStatsResults() {
    assertThat(PipeTesting.run("* | stats count() as n by (status) | sort by (n desc, status)", 1))
        .containsExactly("status=200 n=4", "status=500 n=2", "status=404 n=1", "status=503 n=1");
  }

  @Test
  void moreRowsThanASortMayHoldFailInsteadOfSortingPartOfThem() {
    List<LogRecord> records = new ArrayList<>();
    var stream = Records.stream("api");
    for (int index = 0; index <= QueryLimits.MAX_LIMIT; index++) {
      records.add(Records.record(stream, index + 1, "m" + index));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      QueryExecutor executor = new QueryExecutor(pool, 2);
      var snapshot = new InMemorySnapshot(List.of(new InMemoryBlock(records)));
      LoupeException failure =
          catchThrowableOfType(
              LoupeException.class,
              () ->
                  executor.run(
                      snapshot,
                      QueryParser.parse("* | sort by (_msg)"),
                      TimeRange.ALL,
                      10,
                      row -> true));
      assertThat(failure.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
      assertThat(failure.getMessage()).contains("at most 10000 rows", "'| head N' before the sort");
      List<String> sorted = new ArrayList<>();
      executor.run(
          snapshot,
          QueryParser.parse("* | head 3 | sort by (_msg)"),
          TimeRange.ALL,
          10,
          row -> sorted.add(row.value("_msg")));
      assertThat(sorted).containsExactly("m10000", "m9998", "m9999");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void checksItsKeys() {
    assertThatThrownBy(() -> new PipeSort(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
