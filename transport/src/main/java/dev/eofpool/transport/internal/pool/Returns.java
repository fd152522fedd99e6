package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Ticker;

/**
 * The taking-back half of the pool: ends leases, counts each one's request once, and decides whether the connection
 * is handed to the first waiter, kept idle or closed (for which reason). Decides under the pool lock; the sockets it
 * retires are closed, and the waiters it wakes unparked, when the lock is released.
 */
final class Returns {

	private final PoolLock lock;

	private final Ticker ticker;

	private final RouteTable routes;

	private final IdleConnections idle;

	private final Evictor evictor;

	Returns(PoolLock lock, Ticker ticker, RouteTable routes, IdleConnections idle, Evictor evictor) {
		this.lock = lock;
		this.ticker = ticker;
		this.routes = routes;
		this.idle = idle;
		this.evictor = evictor;
	}

	/**
	 * Ends a lease and counts its request. An outcome without a close reason means the response was read to its end
	 * and both sides allow keep-alive: the connection is handed over or kept idle, unless the pool is closed, the
	 * server's {@code max=} is used up, its lifetime is over or the route is at its idle limit.
	 * @return whether the connection was kept (idle or handed to a waiter) rather than closed
	 */
	boolean release(PooledConnection c, ReleaseOutcome outcome) {
		CloseReason reason = outcome.closeReason();
		KeepAliveHint hint = outcome.hint();
		// read before the lock, so the hold is shorter; read again when the lock was not free at once
		long before = this.ticker.nanoTime();
		boolean atOnce = this.lock.lock();
		try {
			RouteState rs = c.routeState;
			if (rs == null || !rs.isLeased(c)) {
				return false; // released twice: the first release wins
			}
			c.leaseOwner = null;
			rs.countRequest(c);
			long now = atOnce ? before : this.ticker.nanoTime();
			if (reason == null && this.routes.isClosed()) {
				reason = CloseReason.TRANSPORT_CLOSED;
			}
			if (reason == null && hint.maxRequests() == 0) {
				reason = CloseReason.KEEP_ALIVE_MAX;
			}
			if (reason == null) {
				rs.serverHint(hint.timeoutNanos());
			}
			if (reason == null && c.lifetimeDeadline <= now) {
				reason = CloseReason.MAX_LIFETIME;
			}
			if (reason == null && c.generation != rs.generation) {
				reason = CloseReason.DRAINED;
			}
			if (reason == null && c.addressRemoved) {
				reason = CloseReason.ADDRESS_REMOVED;
			}
			if (reason == null && handOver(rs, c, now)) {
				return true;
			}
			rs.endLease(c);
			if (reason == null) {
				return keep(rs, c, now);
			}
			rs.retire(c, reason, this.lock);
			rs.grantSlot(this.lock);
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Keeps a reusable connection, no longer counted as leased: hands it to the first waiter (leased to that
	 * waiter's thread), or puts it idle; at the route's idle limit, when the pool closed meanwhile (an interrupted
	 * waiter giving back what was handed to it), or when its host was drained or its address retired since its dial
	 * was decided, closes it. Lock held.
	 * @return whether it was kept
	 */
	boolean keep(RouteState rs, PooledConnection c, long now) {
		if (this.routes.isClosed()) {
			rs.retire(c, CloseReason.TRANSPORT_CLOSED, this.lock);
			rs.grantSlot(this.lock);
			return false;
		}
		if (c.generation != rs.generation || c.addressRemoved) {
			// opened before a drain of its host, or to an address DNS refresh retired (warmed across that, or given
			// back by an interrupted waiter): not kept
			rs.retire(c, c.addressRemoved ? CloseReason.ADDRESS_REMOVED : CloseReason.DRAINED, this.lock);
			rs.grantSlot(this.lock);
			return false;
		}
		if (handOver(rs, c, now)) {
			rs.markLeased(c);
			return true;
		}
		return keepUnwanted(rs, c, now);
	}

	/**
	 * Hands {@code c}, still leased and reusable, to the first waiter in place: it stays leased (now to the waiter's
	 * thread), so the hand-over changes nothing in the route's books. This is
	 * {@link #keep}'s first step for a connection whose release found no reason to close it (so the pool is open and
	 * the connection of the route's current generation). Lock held.
	 * @return {@code false} when nobody waits
	 */
	private boolean handOver(RouteState rs, PooledConnection c, long now) {
		if (!rs.handOver(c, this.lock)) {
			return false;
		}
		c.idleAgeAtLease = 0;
		c.leasedAt = now;
		return true;
	}

	/**
	 * {@link #keep} once no waiter in the route's own queue wants {@code c}: to the total's first waiter when that one
	 * is of this route, else its slot to that waiter, or idle. Lock held.
	 */
	private boolean keepUnwanted(RouteState rs, PooledConnection c, long now) {
		if (rs.cap.hasWaiters()) {
			if (rs.capWaiters > 0 && rs.cap.handOver(rs, c, this.lock)) {
				// the total's first waiter is of this route: it takes the connection, which keeps its slot
				rs.markLeased(c);
				c.idleAgeAtLease = 0;
				c.leasedAt = now;
				return true;
			}
			// another route's request waits first for the total: it gets this connection's slot
			rs.retire(c, CloseReason.IDLE_LIMIT_TOTAL, this.lock);
			rs.grantSlot(this.lock);
			return false;
		}
		if (this.idle.keep(rs, c, now, this.lock)) {
			this.evictor.idleUntil(Math.min(c.idleDeadline, c.lifetimeDeadline));
			return true;
		}
		// at the route's idle limit, or the pool keeps none idle (a pool-wide limit of 0)
		CloseReason reason = (this.idle.maxTotal() == 0) ? CloseReason.IDLE_LIMIT_TOTAL : CloseReason.IDLE_LIMIT_HOST;
		rs.retire(c, reason, this.lock);
		rs.grantSlot(this.lock);
		return false;
	}

	/**
	 * Ends the lease of a connection whose request failed before any response byte on reuse, counting its request
	 * and a retry, and reserves its slot for the fresh connection of the retry. A server that had closed the idle
	 * connection ({@link CloseReason#SERVER_CLOSED_IDLE}) teaches the route's idle timeout the idle age the lease
	 * began with.
	 * @return the route whose slot is reserved, or {@code null} when the pool is closed (no slot reserved)
	 */
	RouteState endForRetry(PooledConnection failed, CloseReason reason) {
		this.lock.lock();
		try {
			RouteState rs = failed.routeState;
			if (rs == null || !rs.endLease(failed)) {
				throw new IllegalStateException("Connection to " + failed.route() + " is not leased");
			}
			failed.leaseOwner = null;
			rs.countRequest(failed);
			rs.countRetry();
			if (reason == CloseReason.SERVER_CLOSED_IDLE) {
				rs.serverClosedIdle(failed.idleAgeAtLease);
			}
			rs.retire(failed, reason, this.lock);
			if (this.routes.isClosed()) {
				rs.grantSlot(this.lock);
				return null;
			}
			rs.reserve();
			return rs;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Closes a leased connection the probe found dead before any exchange used it (no request is counted). */
	void discard(RouteState rs, PooledConnection c, CloseReason reason) {
		this.lock.lock();
		try {
			rs.endLease(c);
			c.leaseOwner = null;
			if (reason == CloseReason.SERVER_CLOSED_IDLE) {
				rs.serverClosedIdle(c.idleAgeAtLease);
			}
			rs.retire(c, reason, this.lock);
			rs.grantSlot(this.lock);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes a connection whose response body was abandoned, counting its request.
	 * @return how long it had been leased, or -1 when it was no longer leased (nothing done)
	 */
	long leaked(PooledConnection c) {
		long held;
		this.lock.lock();
		try {
			RouteState rs = c.routeState;
			if (rs == null || !rs.isLeased(c)) {
				return -1;
			}
			held = this.ticker.nanoTime() - c.leasedAt;
		}
		finally {
			this.lock.unlock();
		}
		release(c, ReleaseOutcome.close(CloseReason.LEAKED));
		return held;
	}
}
