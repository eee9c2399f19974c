package dev.loupe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePolicyTest {
  @ParameterizedTest(name = "{0} bytes is tier {1}")
  @CsvSource({
    "0, 0",
    "1048575, 0",
    "1048576, 0",
    "4194303, 0",
    "4194304, 1",
    "16777216, 2",
    "67108864, 3",
    "1073741824, 5"
  })
  void tiersGrowByFactorFour(long bytes, int tier) {
    assertThat(MergePolicy.tier(bytes)).isEqualTo(tier);
  }
}
