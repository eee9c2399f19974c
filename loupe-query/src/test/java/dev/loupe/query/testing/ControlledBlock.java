package dev.loupe.query.testing;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Stream;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test-only {@link BlockRef} around another one whose reads can be slowed down or made to fail,
 * and that counts reads in progress (to prove none outlives a search).
 */
public final class ControlledBlock implements BlockRef {
  private final BlockRef delegate;
  private final long readDelayMillis;
  private final Supplier<RuntimeException> failure;
  private final AtomicInteger readsInProgress;

  /**
   * @param readDelayMillis how long each read sleeps first
   * @param failure what a read throws, or null to read normally
   * @param readsInProgress shared counter of reads under way
   */
  public ControlledBlock(
      BlockRef delegate,
      long readDelayMillis,
      Supplier<RuntimeException> failure,
      AtomicInteger readsInProgress) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.readDelayMillis = readDelayMillis;
    this.failure = failure;
    this.readsInProgress = requireNonNull(readsInProgress, "readsInProgress is null");
  }

  @Override
  public Block read(Set<String> columns) {
    readsInProgress.incrementAndGet();
    try {
      if (readDelayMillis > 0) {
        Thread.sleep(readDelayMillis);
      }
      if (failure != null) {
        throw failure.get();
      }
      return delegate.read(columns);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("read interrupted", interrupted);
    } finally {
      readsInProgress.decrementAndGet();
    }
  }

  @Override
  public Stream stream() {
    return delegate.stream();
  }

  @Override
  public long minTimeNanos() {
    return delegate.minTimeNanos();
  }

  @Override
  public long maxTimeNanos() {
    return delegate.maxTimeNanos();
  }

  @Override
  public int rowCount() {
    return delegate.rowCount();
  }

  @Override
  public Set<String> columnNames() {
    return delegate.columnNames();
  }

  @Override
  public boolean mayContainToken(String column, long tokenHash) {
    return delegate.mayContainToken(column, tokenHash);
  }

  @Override
  public long[] integerRange(String column) {
    return delegate.integerRange(column);
  }

  @Override
  public long storedBytes() {
    return delegate.storedBytes();
  }
}
