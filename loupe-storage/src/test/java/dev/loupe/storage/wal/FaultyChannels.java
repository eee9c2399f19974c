package dev.loupe.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ChannelOpener} whose channels behave like real ones (they wrap them) until told to fail:
 * a full disk part-way through a write, a failed fsync, an interrupt that closes the channel, an
 * fsync that blocks until released. A fake, not a mock: it does real I/O. Thread-safe.
 */
final class FaultyChannels implements ChannelOpener {
  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger forces = new AtomicInteger();
  private volatile IOException nextWriteFailure;
  private volatile int bytesBeforeWriteFailure;
  private volatile IOException nextForceFailure;
  private volatile boolean interruptNextWrite;
  private volatile CountDownLatch forceEntered;
  private volatile CountDownLatch forceRelease;

  @Override
  public FileChannel open(Path path, OpenOption... options) throws IOException {
    opened.incrementAndGet();
    return new Channel(FileChannel.open(path, options));
  }

  /** The next positional write writes {@code bytesFirst} bytes, then fails with {@code failure}. */
  void failNextWrite(int bytesFirst, IOException failure) {
    bytesBeforeWriteFailure = bytesFirst;
    nextWriteFailure = failure;
  }

  void failNextForce(IOException failure) {
    nextForceFailure = failure;
  }

  /** The next write acts as if the thread was interrupted in it: the channel closes. */
  void interruptNextWrite() {
    interruptNextWrite = true;
  }

  /**
   * The next fsync counts down {@code entered} on entry, then waits for {@code release} before it
   * runs.
   */
  void blockNextForce(CountDownLatch entered, CountDownLatch release) {
    forceRelease = release;
    forceEntered = entered;
  }

  private final class Channel extends FileChannel {
    private final FileChannel delegate;

    Channel(FileChannel delegate) {
      this.delegate = delegate;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      if (interruptNextWrite) {
        interruptNextWrite = false;
        // What the JDK does to an interrupted thread in a channel operation.
        Thread.currentThread().interrupt();
        close();
        throw new ClosedByInterruptException();
      }
      IOException failure = nextWriteFailure;
      if (failure == null) {
        return delegate.write(source, position);
      }
      nextWriteFailure = null;
      int partialBytes = Math.min(bytesBeforeWriteFailure, source.remaining());
      ByteBuffer partial = source.slice(source.position(), partialBytes);
      delegate.write(partial, position);
      throw failure;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      CountDownLatch entered = forceEntered;
      if (entered != null) {
        forceEntered = null;
        entered.countDown();
        awaitRelease(forceRelease);
      }
      IOException failure = nextForceFailure;
      if (failure != null) {
        nextForceFailure = null;
        throw failure;
      }
      forces.incrementAndGet();
      delegate.force(metaData);
    }

    private void awaitRelease(CountDownLatch release) throws IOException {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while a test held the fsync", e);
      }
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
      return delegate.read(destination);
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
      return delegate.read(destinations, offset, length);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      return delegate.write(source);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
      return delegate.write(sources, offset, length);
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      delegate.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      delegate.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count)
        throws IOException {
      return delegate.transferFrom(source, position, count);
    }

    @Override
    public int read(ByteBuffer destination, long position) throws IOException {
      return delegate.read(destination, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      delegate.close();
    }
  }
}
