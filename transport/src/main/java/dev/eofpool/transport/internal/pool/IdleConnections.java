package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.CloseReason;

/**
 * The idle connections: each route's list (most recently used first, in {@link RouteState#idle}) and one pool-wide
 * list, least recently used first, for the global idle limit and the evictor's sweep. Each idle connection carries
 * its deadlines: idle (configured, hinted or learned) and lifetime. Guarded by the pool lock.
 */
final class IdleConnections {

	// pool lock: every idle connection, least recently used first
	private final ConnectionList lru = ConnectionList.lru();

	private final int maxTotal;

	IdleConnections(int maxTotal) {
		this.maxTotal = maxTotal;
	}

	/**
	 * Takes the route's most recently used idle connection that may still be used at {@code now}; the expired ones
	 * met on the way are retired.
	 * @return the connection, or {@code null} when none is left
	 */
	PooledConnection take(RouteState rs, long now, PoolLock lock) {
		PooledConnection c;
		while ((c = rs.idle.pollFirst()) != null) {
			this.lru.remove(c);
			CloseReason reason = expiry(c, now);
			if (reason == null) {
				return c;
			}
			rs.retire(c, reason, lock);
		}
		return null;
	}

	/**
	 * Puts {@code c} at the head of its route's idle list with its idle deadline; when the pool then holds more idle
	 * connections than its global limit, retires the least recently used one.
	 * @return {@code false} (nothing done) when the route already holds its limit of idle connections
	 */
	boolean keep(RouteState rs, PooledConnection c, long now, PoolLock lock) {
		if (rs.idle.size() >= rs.settings.maxIdle()) {
			return false;
		}
		c.idleSince = now;
		c.idleDeadline = now + rs.idleTimeouts.effectiveNanos();
		c.idleReason = rs.idleTimeouts.reason();
		rs.idle.addFirst(c);
		this.lru.addLast(c);
		if (this.lru.size() > this.maxTotal) {
			PooledConnection oldest = this.lru.first();
			this.lru.remove(oldest);
			RouteState ors = oldest.routeState;
			ors.idle.remove(oldest);
			ors.retire(oldest, CloseReason.IDLE_LIMIT_TOTAL, lock);
			ors.grantSlot(lock);
		}
		return true;
	}

	/**
	 * Retires the pool's least recently used idle connection, making room under the total for another route's new
	 * connection ({@link CloseReason#IDLE_LIMIT_TOTAL}).
	 * @return {@code false} when no connection is idle
	 */
	boolean retireLeastRecent(PoolLock lock) {
		if (this.lru.size() == 0) {
			return false;
		}
		PooledConnection oldest = this.lru.first();
		this.lru.remove(oldest);
		RouteState ors = oldest.routeState;
		ors.idle.remove(oldest);
		ors.retire(oldest, CloseReason.IDLE_LIMIT_TOTAL, lock);
		return true;
	}

	/** Whether any route has an idle connection. */
	boolean isEmpty() {
		return this.lru.size() == 0;
	}

	/**
	 * Retires every idle connection past a deadline at {@code now}, giving each freed slot to a waiter.
	 * @return nanoseconds until the next idle connection expires, or {@link Long#MAX_VALUE} when none is idle
	 */
	long expire(long now, PoolLock lock) {
		long next = Long.MAX_VALUE;
		for (PooledConnection c : this.lru) { // the iterator allows removing the connection it returned
			CloseReason reason = expiry(c, now);
			if (reason != null) {
				this.lru.remove(c);
				RouteState rs = c.routeState;
				rs.idle.remove(c);
				rs.retire(c, reason, lock);
				rs.grantSlot(lock);
			}
			else {
				next = Math.min(next, Math.min(c.idleDeadline, c.lifetimeDeadline) - now);
			}
		}
		return next;
	}

	/** Retires every idle connection of the route for {@code reason}. */
	void retireAll(RouteState rs, CloseReason reason, PoolLock lock) {
		PooledConnection c;
		while ((c = rs.idle.pollFirst()) != null) {
			this.lru.remove(c);
			rs.retire(c, reason, lock);
		}
	}

	/** Why an idle connection may not be reused at {@code now}, or {@code null}. */
	private static CloseReason expiry(PooledConnection c, long now) {
		if (c.lifetimeDeadline <= now) {
			return CloseReason.MAX_LIFETIME;
		}
		if (c.idleDeadline <= now) {
			return c.idleReason;
		}
		return null;
	}

	/**
	 * Retires the route's idle connections to an address in {@code gone} with {@link CloseReason#ADDRESS_REMOVED},
	 * giving each freed slot to a waiter.
	 * @return how many were retired
	 */
	int retireAddresses(RouteState rs, java.util.Set<java.net.InetAddress> gone, PoolLock lock) {
		int n = 0;
		for (PooledConnection c : rs.idle) { // the iterator allows removing the connection it returned
			if (c.address() != null && gone.contains(c.address())) {
				rs.idle.remove(c);
				this.lru.remove(c);
				rs.retire(c, CloseReason.ADDRESS_REMOVED, lock);
				rs.grantSlot(lock);
				n++;
			}
		}
		return n;
	}
}
