package dev.eofpool.transport.internal.pool;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A route's connections: every one booked to it (a list that changes only when a connection opens or closes), which
 * of them are idle (a stack, most recently used on top) and how many are leased. The fields live in the route's own
 * state object ({@link RouteState} extends this class), and the links in the connections' own fields: so a lease
 * and its return touch the route's state and the connection, and nothing else (no neighbour connection, no list
 * object, no other route). Guarded by the pool's lock.
 * <p>
 * The idle stack is linked one way: taking the top and putting a connection on top are a field or two; taking one
 * out of the middle (expiry, the pool-wide idle limit, a retired address) walks the route's idle connections, which
 * are few (at most its idle limit) and off the request path.
 */
abstract class RouteBooks {

	// pool lock: every connection booked to the route (idle or leased), newest first
	private PooledConnection booked;

	// pool lock: the idle ones, most recently used first, and the oldest (the stack's bottom)
	private PooledConnection idleTop;

	private PooledConnection idleBottom;

	private int idleCount;

	// pool lock: how many booked connections are leased
	private int leasedCount;

	// pool lock: where the route stands in the pool's order of oldest idle connections (OldestIdle), or -1
	int oldestIdleSlot = -1;

	/** Books {@code c}, just opened, to the route (neither idle nor leased yet). */
	final void book(PooledConnection c) {
		c.bookedPrev = null;
		c.bookedNext = this.booked;
		if (this.booked != null) {
			this.booked.bookedPrev = c;
		}
		this.booked = c;
	}

	/** Takes {@code c}, neither idle nor leased any more, out of the route's books. */
	final void unlink(PooledConnection c) {
		if (c.bookedPrev != null) {
			c.bookedPrev.bookedNext = c.bookedNext;
		}
		else {
			this.booked = c.bookedNext;
		}
		if (c.bookedNext != null) {
			c.bookedNext.bookedPrev = c.bookedPrev;
		}
		c.bookedPrev = null;
		c.bookedNext = null;
	}

	/** Counts {@code c}, booked here and not idle, as leased. */
	final void markLeased(PooledConnection c) {
		c.leased = true;
		this.leasedCount++;
	}

	/** Whether {@code c} is leased from this route. */
	final boolean isLeased(PooledConnection c) {
		return c.routeState == this && c.leased;
	}

	/**
	 * Ends the lease of {@code c}; it stays booked.
	 * @return whether it was leased here (a second call does nothing and returns {@code false})
	 */
	final boolean endLease(PooledConnection c) {
		if (!isLeased(c)) {
			return false;
		}
		c.leased = false;
		this.leasedCount--;
		return true;
	}

	/** Connections leased now. */
	final int leasedCount() {
		return this.leasedCount;
	}

	/** Connections idle now. */
	final int idleCount() {
		return this.idleCount;
	}

	/** Puts {@code c}, booked here and neither idle nor leased, on top of the idle stack. */
	final void pushIdle(PooledConnection c) {
		c.idle = true;
		c.idleNext = this.idleTop;
		if (this.idleTop == null) {
			this.idleBottom = c;
		}
		this.idleTop = c;
		this.idleCount++;
	}

	/** Takes the most recently used idle connection off the stack, or returns {@code null} when none is idle. */
	final PooledConnection popIdle() {
		PooledConnection c = this.idleTop;
		if (c != null) {
			this.idleTop = c.idleNext;
			if (this.idleTop == null) {
				this.idleBottom = null;
			}
			c.idleNext = null;
			c.idle = false;
			this.idleCount--;
		}
		return c;
	}

	/** The least recently used idle connection (the stack's bottom), or {@code null}. */
	final PooledConnection oldestIdle() {
		return this.idleBottom;
	}

	/**
	 * Takes {@code c} out of the idle stack, wherever it is.
	 * @return whether it was idle here
	 */
	final boolean removeIdle(PooledConnection c) {
		if (c.routeState != this || !c.idle) {
			return false;
		}
		if (c == this.idleTop) {
			popIdle();
			return true;
		}
		PooledConnection before = this.idleTop;
		while (before.idleNext != c) {
			before = before.idleNext;
		}
		before.idleNext = c.idleNext;
		if (c == this.idleBottom) {
			this.idleBottom = before;
		}
		c.idleNext = null;
		c.idle = false;
		this.idleCount--;
		return true;
	}

	/** The idle connections, most recently used first; the one just returned may be taken out while iterating. */
	final Iterable<PooledConnection> idle() {
		return () -> new Links(this.idleTop, false, false);
	}

	/** The leased connections; none may be taken out while iterating. */
	final Iterable<PooledConnection> leased() {
		return () -> new Links(this.booked, true, true);
	}

	/** Every booked connection, idle and leased, newest first. */
	final Iterable<PooledConnection> booked() {
		return () -> new Links(this.booked, true, false);
	}

	/**
	 * Walks the idle stack from its top, or the booked list (all of it, or the leased ones). The next link is read
	 * before a connection is returned, so the caller may take that connection out of the list walked.
	 */
	private static final class Links implements Iterator<PooledConnection> {

		private final boolean bookedList;

		private final boolean leasedOnly;

		private PooledConnection next;

		Links(PooledConnection first, boolean bookedList, boolean leasedOnly) {
			this.bookedList = bookedList;
			this.leasedOnly = leasedOnly;
			this.next = skip(first);
		}

		private PooledConnection skip(PooledConnection c) {
			while (this.leasedOnly && c != null && !c.leased) {
				c = c.bookedNext;
			}
			return c;
		}

		@Override
		public boolean hasNext() {
			return this.next != null;
		}

		@Override
		public PooledConnection next() {
			PooledConnection c = this.next;
			if (c == null) {
				throw new NoSuchElementException();
			}
			this.next = skip(this.bookedList ? c.bookedNext : c.idleNext);
			return c;
		}
	}
}
