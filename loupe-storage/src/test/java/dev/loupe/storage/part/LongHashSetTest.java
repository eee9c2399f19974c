package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

  @Property(tries = 300)
  void holdsTheDistinctValues(@ForAll @Size(max = 3000) List<Long> values) {
    LongHashSet set = new LongHashSet();
    values.forEach(set::add);
    Set<Long> seen = new HashSet<>();
    set.forEach(seen::add);
    assertThat(seen).isEqualTo(new HashSet<>(values));
    assertThat(set.size()).isEqualTo(seen.size());
  }

  @Test
  void clearEmptiesTheSetIncludingZero() {
    LongHashSet set = new LongHashSet();
    set.add(0);
    set.add(5);
    set.add(5);
    assertThat(set.size()).isEqualTo(2);
    set.clear();
    assertThat(set.size()).isZero();
    Set<Long> seen = new HashSet<>();
    set.forEach(seen::add);
    assertThat(seen).isEmpty();
  }
}
