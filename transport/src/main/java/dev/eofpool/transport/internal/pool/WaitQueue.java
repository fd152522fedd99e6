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

	/**
	 * The waiter that watches the others' deadlines (queued with {@link #enqueue(long, long)}), or {@code null}: it
	 * parks until the next deadline and then unparks the waiters whose deadline passed, so they may park without a
	 * timeout. Their deadlines come in queue order (one route, one timeout, queued in ticker order), so the next one
	 * is the first one's; the keeper is the last waiter queued when it took the role, so it hands the role on (one
	 * extra unpark) about once per queue length, not per hand-over. A waiter queued again with what was left of its
	 * acquire's timeout (an earlier deadline than its place says) is not watched: it times its own wait.
	 */
	private Waiter keeper;

	/** Queues the calling thread at the end. */
	Waiter enqueue() {
		Waiter w = new Waiter();
		addLast(w);
		return w;
	}

	/**
	 * Queues the calling thread at the end, its wait timed for {@code timeoutNanos} from {@code now} on the ticker
	 * ({@link Waiter#parkWatched}): the keeper if there is none, else one whose deadline the keeper watches.
	 */
	Waiter enqueue(long now, long timeoutNanos) {
		Waiter w = new Waiter();
		w.watched = true;
		w.enqueuedAt = now;
		w.timeoutNanos = timeoutNanos;
		if (this.keeper == null) {
			this.keeper = w;
		}
		else {
			w.untimed = true;
		}
		addLast(w);
		return w;
	}

	/**
	 * The keeper's watch at {@code now}: queues for unparking every waiter ahead of it whose deadline passed (each
	 * then ends its wait), and sets the keeper's watch to the next deadline ahead of it (those behind it come after
	 * its own).
	 */
	void watch(Waiter k, long now, PoolLock lock) {
		long next = Long.MAX_VALUE;
		for (Waiter w = this.head; w != null && w != k; w = w.queueNext) {
			if (!w.watched) {
				continue; // queued again with what was left of its timeout: it times its own wait
			}
			long left = w.timeoutNanos - (now - w.enqueuedAt);
			if (left > 0) {
				next = left;
				break;
			}
			lock.nudge(w);
		}
		k.watchFrom = now;
		k.watchFor = next;
		k.watching = true;
	}

	/**
	 * Gives the keeper's role, when nobody holds it, to the last waiter queued with a deadline to watch, and queues it
	 * for unparking so it takes up the watch. Called whenever a waiter leaves the queue.
	 */
	void appointKeeper(PoolLock lock) {
		if (this.keeper != null) {
			return;
		}
		Waiter k = this.tail;
		while (k != null && !k.watched) {
			k = k.queuePrev; // one that times its own wait (queued again after looking) keeps no watch
		}
		if (k == null) {
			return;
		}
		this.keeper = k;
		k.watching = false;
		k.untimed = false; // volatile, last: the new keeper reads its watch after this
		lock.nudge(k);
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

	/** The first waiter, still queued, or {@code null} when nobody waits. */
	Waiter first() {
		return this.head;
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
		if (this.keeper == w) {
			this.keeper = null;
		}
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
		appointKeeper(lock);
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
		appointKeeper(lock);
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
