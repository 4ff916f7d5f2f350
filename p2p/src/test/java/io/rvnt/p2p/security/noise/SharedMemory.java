package io.rvnt.p2p.security.noise;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An allocator whose buffers are slices of one heap array and one direct region, as a pooled allocator's buffers
 * are slices of a shared chunk, with a guard word past the last slice that a {@link Neighbour} thread writes and
 * reads back. A cipher that writes outside the frame it was given (or writes back a stale copy of the whole array)
 * undoes some of the neighbour's writes. Slices are handed out round robin and must be released before reuse.
 */
final class SharedMemory extends AbstractByteBufAllocator {

  private static final int SLOT = 320 << 10;
  private static final int SLOTS = 8;
  private static final int GUARD = 64;
  private static final VarHandle HEAP_BYTE = MethodHandles.arrayElementVarHandle(byte[].class);
  private static final VarHandle DIRECT_INT = MethodHandles.byteBufferViewVarHandle(int[].class,
      ByteOrder.nativeOrder());

  private final byte[] heap = new byte[SLOTS * SLOT + GUARD];
  private final ByteBuffer direct = ByteBuffer.allocateDirect(SLOTS * SLOT + GUARD);
  private final ByteBuf[] handed = new ByteBuf[SLOTS];
  private int next;
  private long handedOut;

  SharedMemory() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    return slot(initialCapacity, false);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return slot(initialCapacity, true);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** How many buffers came from the shared memory. */
  long handedOut() {
    return handedOut;
  }

  private ByteBuf slot(int capacity, boolean inDirect) {
    if (capacity > SLOT) {
      throw new IllegalArgumentException("the test's slots hold " + SLOT + " bytes, not " + capacity);
    }
    int slot = next;
    next = (next + 1) % SLOTS;
    if (handed[slot] != null && handed[slot].refCnt() > 0) {
      throw new IllegalStateException("slot " + slot + " is still in use: the test holds too many buffers");
    }
    ByteBuf buf = inDirect
        ? Unpooled.wrappedBuffer(direct.duplicate().position(slot * SLOT).limit((slot + 1) * SLOT).slice())
        : Unpooled.wrappedBuffer(heap, slot * SLOT, SLOT);
    handed[slot] = buf;
    handedOut++;
    return buf.clear();
  }

  Neighbour startNeighbour() {
    Neighbour neighbour = new Neighbour();
    neighbour.thread.start();
    return neighbour;
  }

  /** A thread that writes a counter beside the slices, in both regions, and checks that each write stays. */
  final class Neighbour {
    /** Reads of one value before the next write: longer than a cipher call, so a write undone is seen. */
    private static final int READS_PER_WRITE = 20_000;

    private final int heapIndex = SLOTS * SLOT + GUARD / 2;
    private final int directIndex = alignedIndex();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::run, "shared-memory-neighbour");

    private int alignedIndex() {
      int index = SLOTS * SLOT + GUARD / 2;
      return index - direct.alignmentOffset(index, 4);
    }

    private void run() {
      int value = 0;
      while (running) {
        value++;
        HEAP_BYTE.setVolatile(heap, heapIndex, (byte) value);
        DIRECT_INT.setVolatile(direct, directIndex, value);
        writes.incrementAndGet();
        for (int i = 0; i < READS_PER_WRITE && running; i++) {
          if ((byte) HEAP_BYTE.getVolatile(heap, heapIndex) != (byte) value
              || (int) DIRECT_INT.getVolatile(direct, directIndex) != value) {
            lost.incrementAndGet();
            break;
          }
        }
      }
    }

    long writes() {
      return writes.get();
    }

    long lostWrites() {
      return lost.get();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }
  }
}
