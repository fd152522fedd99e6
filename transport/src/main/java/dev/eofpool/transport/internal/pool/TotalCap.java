package dev.eofpool.transport.internal.pool;

/**
 * The pool-wide limit of connections ({@code maxConnectionsTotal}): the count of connections of every route (idle,
 * leased and being opened) and the threads waiting for the total, first come first served across routes. A thread
 * waits here when its own route is below its limit but the pool is at the total; a freed slot goes to the first
 * waiter of the freeing route's own queue, else to the first one here, and a reusable connection nobody of its route
 * waits for in the route's own queue goes to the first one here when that one is of its route. Guarded by the pool
 * lock.
 */
final class TotalCap {

	private final int max;

	// pool lock: connections of all routes, idle, leased and being opened (RouteState.reserve/unreserve/unbook)
	private int count;

	// pool lock: threads waiting for the total, oldest first
	private final WaitQueue waiters = new WaitQueue();

	TotalCap(int max) {
		this.max = max;
	}

	int max() {
		return this.max;
	}

	int count() {
		return this.count;
	}

	void add(int delta) {
		this.count += delta;
	}

	/** Whether one more connection may be opened without passing the total. */
	boolean hasRoom() {
		return this.count < this.max;
	}

	boolean hasWaiters() {
		return !this.waiters.isEmpty();
	}

	int waiting() {
		return this.waiters.size();
	}

	/** Queues the calling thread, whose route {@code rs} is below its own limit, for the total. */
	Waiter enqueue(RouteState rs) {
		Waiter w = new Waiter();
		w.capRoute = rs;
		rs.capWaiters++;
		this.waiters.addLast(w);
		return w;
	}

	/** Takes out a waiter whose wait ended by timeout or interrupt; {@code false} when it was no longer queued. */
	boolean remove(Waiter w) {
		if (this.waiters.remove(w)) {
			w.capRoute.capWaiters--;
			return true;
		}
		return false;
	}

	/**
	 * Gives a slot freed below the total to the first waiter: it connects in it when its route is still below its own
	 * limit, else it is woken to look again (its route filled up meanwhile, so it joins that route's queue).
	 */
	void grantSlot(PoolLock lock) {
		Waiter w;
		while (hasRoom() && (w = this.waiters.pollFirst()) != null) {
			RouteState rs = w.capRoute;
			rs.capWaiters--;
			if (rs.total() < rs.settings.maxConnections()) {
				rs.reserve();
				w.slotGranted = true;
				lock.wake(w);
				return;
			}
			w.lookAgain = true;
			lock.wake(w);
		}
	}

	/**
	 * Hands {@code c}, reusable and no longer leased, to the first waiter for the total when that waiter is of its own
	 * route {@code rs}: it is leased to that waiter's thread and keeps its slot, so the total does not change. Only
	 * the first waiter is asked, so the queue stays first come first served across routes.
	 * @return {@code false} when nobody waits or the first waiter is of another route (nothing done)
	 */
	boolean handOver(RouteState rs, PooledConnection c, PoolLock lock) {
		Waiter w = this.waiters.first();
		if (w == null || w.capRoute != rs) {
			return false;
		}
		this.waiters.remove(w);
		rs.capWaiters--;
		c.leaseOwner = w.thread;
		w.connection = c;
		lock.wake(w);
		return true;
	}

	/** Ends every wait with neither a connection nor a slot (the pool closed). */
	void wakeAll(PoolLock lock) {
		Waiter w;
		while ((w = this.waiters.pollFirst()) != null) {
			w.capRoute.capWaiters--;
			lock.wake(w);
		}
	}
}
