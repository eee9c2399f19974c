package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplainCommandTest {
  @Test
  void thePlanPrintsOneLineAFilterThenTheEstimate() throws Exception {
    String answer =
        "{\"query\":\"error status:>=500 | head 10\",\"filters\":["
            + "{\"filter\":\"error\",\"skips_by\":[\"column presence\",\"bloom tokens\"]},"
            + "{\"filter\":\"status:>=500\",\"skips_by\":[\"column presence\",\"integer range\"]},"
            + "{\"filter\":\"-debug\",\"skips_by\":[]}],"
            + "\"pipes\":[\"head 10\"],\"estimate\":{\"blocks_total\":120,"
            + "\"blocks_surviving\":3,\"blocks_skipped\":117,\"rows\":12288,"
            + "\"bytes_to_read\":1258291},\"later\":{\"x\":[1]}}";
    assertThat(ExplainCommand.humanText(answer))
        .isEqualTo(
            """
            query    error status:>=500 | head 10
            filter   error         skips by: column presence, bloom tokens
            filter   status:>=500  skips by: column presence, integer range
            filter   -debug        no header check: every block is read
            pipe     head 10
            estimate 3 of 120 blocks (117 skipped), 12,288 rows, 1.2 MB to read""");
  }
}
