package dev.eofpool.transport.internal.io;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Byte arrays of one size lent to the readers and writers of a transport's connections while bytes move, and kept
 * between uses up to a fixed number: a connection idle in the pool holds none. Lock-free: each free array sits in a
 * slot of a fixed array, taken and put back with one compare-and-set; nothing allocates except an array the pool does
 * not have (a burst), and an array given back to a full pool is left to the garbage collector, so after a burst the
 * pool shrinks back to its bound by itself.
 * <p>
 * Both directions scan the slots from the first: an array is given back to the first empty slot and taken from the
 * first full one, so the low slots' arrays go round and stay warm in the cache while the high slots' are touched only
 * in a burst (not strictly LIFO, but the same array comes back to a borrower alone).
 * <p>
 * Invariant: an array is in at most one slot, and an array in a slot is referred to by no reader or writer. The
 * borrowers keep it by nulling their field as they give the array back, which makes each give-back happen once; with
 * assertions on (tests), giving back an array that is free already fails naming the owner.
 */
public final class BufferPool {

	private final int bufferSize;

	/** The free arrays; a null slot is empty. */
	private final AtomicReferenceArray<byte[]> free;

	/** Arrays this pool allocated, for tests: stays put while every borrow finds a free one. */
	private final AtomicLong created = new AtomicLong();

	/**
	 * @param bufferSize the length of every array lent
	 * @param maxFree the most free arrays kept between uses (at least 1)
	 */
	public BufferPool(int bufferSize, int maxFree) {
		if (bufferSize < 1 || maxFree < 1) {
			throw new IllegalArgumentException("bufferSize and maxFree must be at least 1, were " + bufferSize + " and "
					+ maxFree);
		}
		this.bufferSize = bufferSize;
		this.free = new AtomicReferenceArray<>(maxFree);
	}

	/**
	 * The number of free arrays a transport keeps per buffer size: {@code max(64, 4 * cores)}. An array is free while
	 * its connection is between two exchanges (released, handed to a waiter that has not run yet, or idle), so under a
	 * steady load the free arrays number up to the connections in use at once; fewer slots than that and the arrays
	 * given back above them are collected and allocated again, request after request. Measured with 1,000 virtual
	 * threads over 64 connections (20,000 requests): a bound of 16 allocated 1,989 read buffers, a bound of 64 allocated
	 * 64. After a burst over more connections at once, what is above the bound is collected: at most 64 pairs of
	 * 8 KiB + 4 KiB (768 KiB) stay on a small machine.
	 */
	public static int defaultMaxFree() {
		return Math.max(64, 4 * Runtime.getRuntime().availableProcessors());
	}

	/** The length of every array lent. */
	public int bufferSize() {
		return this.bufferSize;
	}

	/** Lends an array: a free one, the most recently given back first, else a new one. Its content is undefined. */
	public byte[] take() {
		int n = this.free.length();
		for (int i = 0; i < n; i++) {
			byte[] b = this.free.get(i);
			if (b != null && this.free.compareAndSet(i, b, null)) {
				return b;
			}
		}
		this.created.incrementAndGet();
		return new byte[this.bufferSize];
	}

	/**
	 * Takes back an array lent by {@link #take()}, which the caller no longer refers to; kept when a slot is empty,
	 * else left to the garbage collector.
	 * @param owner names who gave it back, in the message of the assertion that it was not free already
	 */
	public void giveBack(byte[] b, Object owner) {
		if (b.length != this.bufferSize) {
			throw new IllegalArgumentException("A buffer of " + b.length + " bytes given back by " + owner
					+ " to the pool of " + this.bufferSize + "-byte buffers");
		}
		assert !isFree(b) : "Buffer given back twice (it was free already), by " + owner;
		int n = this.free.length();
		for (int i = 0; i < n; i++) {
			if (this.free.get(i) == null && this.free.compareAndSet(i, null, b)) {
				return;
			}
		}
	}

	/** Whether {@code b} is in a slot (a scan: for the assertion and tests). */
	boolean isFree(byte[] b) {
		for (int i = 0; i < this.free.length(); i++) {
			if (this.free.get(i) == b) {
				return true;
			}
		}
		return false;
	}

	/** The free arrays now (a scan, for tests and statistics). */
	public int freeCount() {
		int count = 0;
		for (int i = 0; i < this.free.length(); i++) {
			if (this.free.get(i) != null) {
				count++;
			}
		}
		return count;
	}

	/** The most free arrays kept. */
	public int maxFree() {
		return this.free.length();
	}

	/** Arrays allocated so far because no free one was there. */
	public long created() {
		return this.created.get();
	}
}
