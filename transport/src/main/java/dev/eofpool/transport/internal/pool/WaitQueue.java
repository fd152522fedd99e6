package dev.eofpool.transport.internal.pool;

import java.util.ArrayDeque;

/**
 * The threads waiting at one route's limit, first come first served. A freed connection or slot goes to the first
 * waiter; the waiter learns it from its own {@link Waiter} record once the lock is released. Guarded by the pool lock.
 */
final class WaitQueue {

	// pool lock: oldest first
	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	/** Queues the calling thread at the end. */
	Waiter enqueue() {
		Waiter w = new Waiter();
		this.waiters.addLast(w);
		return w;
	}

	/** Takes a waiter out whose wait ended by timeout or interrupt; {@code false} when it was no longer queued. */
	boolean remove(Waiter w) {
		return this.waiters.remove(w);
	}

	/**
	 * Hands {@code c} to the first waiter: it becomes the lease owner, and the waiter finds it in its record.
	 * @return {@code false} when nobody waits
	 */
	boolean handOver(PooledConnection c, PoolLock lock) {
		Waiter w = this.waiters.pollFirst();
		if (w == null) {
			return false;
		}
		c.leaseOwner = w.thread;
		w.connection = c;
		lock.wake(w);
		return true;
	}

	/**
	 * Gives a free slot to the first waiter, who will connect in it.
	 * @return {@code false} when nobody waits (the slot stays free)
	 */
	boolean grantSlot(PoolLock lock) {
		Waiter w = this.waiters.pollFirst();
		if (w == null) {
			return false;
		}
		w.slotGranted = true;
		lock.wake(w);
		return true;
	}

	/** Ends every wait with neither a connection nor a slot (the pool closed). */
	void wakeAll(PoolLock lock) {
		Waiter w;
		while ((w = this.waiters.pollFirst()) != null) {
			lock.wake(w);
		}
	}

	int size() {
		return this.waiters.size();
	}

	boolean isEmpty() {
		return this.waiters.isEmpty();
	}
}
