package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.CloseReason;

/**
 * The idle connections: each route's stack (most recently used on top, in its {@link RouteBooks}), their count, and
 * the pool-wide order of least recent use for the global idle limit, kept by route ({@link OldestIdle}) rather than
 * by connection, so that taking and keeping a connection touch only its route. Each idle connection carries its
 * deadlines: idle (configured, hinted or learned) and lifetime. Guarded by the pool lock.
 */
final class IdleConnections {

	// pool lock: the routes with idle connections, by their oldest one
	private final OldestIdle order = new OldestIdle();

	// pool lock: idle connections in all routes
	private int count;

	// pool lock: the order of the last keep, pool-wide; a connection kept later gets a higher one
	private long kept;

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
		while ((c = rs.popIdle()) != null) {
			this.count--;
			CloseReason reason = expiry(c, now);
			if (reason == null) {
				return c;
			}
			rs.retire(c, reason, lock);
		}
		return null;
	}

	/**
	 * Puts {@code c} on top of its route's idle stack with its idle deadline; when the pool then holds more idle
	 * connections than its global limit, retires the least recently used one.
	 * @return {@code false} (nothing done) when the route already holds its limit of idle connections, or the pool's
	 * global limit is 0 (it would retire {@code c} itself)
	 */
	boolean keep(RouteState rs, PooledConnection c, long now, PoolLock lock) {
		if (rs.idleCount() >= rs.settings.maxIdle() || this.maxTotal == 0) {
			return false;
		}
		c.idleSince = now;
		c.idleDeadline = now + rs.idleNanos();
		c.idleReason = rs.idleReason();
		c.keptOrder = ++this.kept;
		rs.pushIdle(c);
		this.count++;
		if (rs.idleCount() == 1) {
			// the route's first idle connection (any other one is older, and the route is in the order already)
			this.order.kept(rs, c);
		}
		if (this.count > this.maxTotal) {
			retireOldest(lock).grantSlot(lock);
		}
		return true;
	}

	/**
	 * Retires the pool's least recently used idle connection, making room under the total for another route's new
	 * connection ({@link CloseReason#IDLE_LIMIT_TOTAL}).
	 * @return {@code false} when no connection is idle
	 */
	boolean retireLeastRecent(PoolLock lock) {
		if (this.count == 0) {
			return false;
		}
		retireOldest(lock);
		return true;
	}

	/**
	 * Retires the least recently used idle connection (there is one) for {@link CloseReason#IDLE_LIMIT_TOTAL}; returns
	 * its route.
	 */
	private RouteState retireOldest(PoolLock lock) {
		RouteState rs = this.order.oldest();
		PooledConnection oldest = rs.oldestIdle();
		rs.removeIdle(oldest);
		this.count--;
		rs.retire(oldest, CloseReason.IDLE_LIMIT_TOTAL, lock);
		return rs;
	}

	/** Whether any route has an idle connection. */
	boolean isEmpty() {
		return this.count == 0;
	}

	/** Idle connections in all routes. */
	int count() {
		return this.count;
	}

	/** The pool-wide limit of idle connections ({@code maxIdleTotal}). */
	int maxTotal() {
		return this.maxTotal;
	}

	/**
	 * Retires every idle connection of {@code routes} past a deadline at {@code now}, giving each freed slot to a
	 * waiter, and sets the order of least recent use right again.
	 * @return nanoseconds until the next idle connection expires, or {@link Long#MAX_VALUE} when none is idle
	 */
	long expire(Iterable<RouteState> routes, long now, PoolLock lock) {
		long next = Long.MAX_VALUE;
		for (RouteState rs : routes) {
			for (PooledConnection c : rs.idle()) { // the iterator allows removing the connection it returned
				CloseReason reason = expiry(c, now);
				if (reason != null) {
					rs.removeIdle(c);
					this.count--;
					rs.retire(c, reason, lock);
					rs.grantSlot(lock);
				}
				else {
					next = Math.min(next, Math.min(c.idleDeadline, c.lifetimeDeadline) - now);
				}
			}
		}
		this.order.rebuild(routes);
		return next;
	}

	/** Retires every idle connection of the route for {@code reason}. */
	void retireAll(RouteState rs, CloseReason reason, PoolLock lock) {
		PooledConnection c;
		while ((c = rs.popIdle()) != null) {
			this.count--;
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
		for (PooledConnection c : rs.idle()) { // the iterator allows removing the connection it returned
			if (c.address() != null && gone.contains(c.address())) {
				rs.removeIdle(c);
				this.count--;
				rs.retire(c, CloseReason.ADDRESS_REMOVED, lock);
				rs.grantSlot(lock);
				n++;
			}
		}
		return n;
	}
}
