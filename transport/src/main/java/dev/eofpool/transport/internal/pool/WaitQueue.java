package dev.eofpool.transport.internal.pool;

/**
 * The threads waiting at one route's limit (or, in {@link TotalCap}, for the pool-wide total), first come first
 * served. A freed connection or slot goes to the first waiter; the waiter learns it from its own {@link Waiter} record
 * once the lock is released. An intrusive list through the waiters' own links: an empty queue is one field read, and
 * taking a timed-out waiter out needs no search. Guarded by the pool lock.
 */
final class WaitQueue {

	// pool lock: oldest first
	private Waiter head;

	private Waiter tail;

	private int size;

	/** Queues the calling thread at the end. */
	Waiter enqueue() {
		Waiter w = new Waiter();
		addLast(w);
		return w;
	}

	/** Queues {@code w}, in no queue, at the end. */
	void addLast(Waiter w) {
		w.queuedIn = this;
		w.queuePrev = this.tail;
		w.queueNext = null;
		if (this.tail != null) {
			this.tail.queueNext = w;
		}
		else {
			this.head = w;
		}
		this.tail = w;
		this.size++;
	}

	/** Takes the first waiter out, or returns {@code null} when nobody waits. */
	Waiter pollFirst() {
		Waiter w = this.head;
		if (w != null) {
			remove(w);
		}
		return w;
	}

	/** Takes a waiter out whose wait ended by timeout or interrupt; {@code false} when it was no longer queued. */
	boolean remove(Waiter w) {
		if (w.queuedIn != this) {
			return false;
		}
		if (w.queuePrev != null) {
			w.queuePrev.queueNext = w.queueNext;
		}
		else {
			this.head = w.queueNext;
		}
		if (w.queueNext != null) {
			w.queueNext.queuePrev = w.queuePrev;
		}
		else {
			this.tail = w.queuePrev;
		}
		w.queuedIn = null;
		w.queuePrev = null;
		w.queueNext = null;
		this.size--;
		return true;
	}

	/**
	 * Hands {@code c} to the first waiter: it becomes the lease owner, and the waiter finds it in its record.
	 * @return {@code false} when nobody waits
	 */
	boolean handOver(PooledConnection c, PoolLock lock) {
		Waiter w = pollFirst();
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
		Waiter w = pollFirst();
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
		while ((w = pollFirst()) != null) {
			lock.wake(w);
		}
	}

	int size() {
		return this.size;
	}

	boolean isEmpty() {
		return this.head == null;
	}
}
