package dev.eofpool.transport.internal.pool;

import java.net.InetAddress;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;

/**
 * Retires the connections to addresses a DNS refresh no longer returns, runs that refresh on the pool's background
 * eviction thread, and passes the address and dial events to the pool's listeners. Decisions are made under the
 * {@link PoolLock}; the retired sockets are closed after it is released.
 */
public final class AddressRetirement {

	private final PoolLock lock;

	// the parts' mutable state is guarded by the pool lock (RouteTable's settings cache excepted)
	private final RouteTable routes;

	private final IdleConnections idle;

	private final PoolEvents events;

	private final Evictor evictor;

	AddressRetirement(PoolLock lock, RouteTable routes, IdleConnections idle, PoolEvents events, Evictor evictor) {
		this.lock = lock;
		this.routes = routes;
		this.idle = idle;
		this.events = events;
		this.evictor = evictor;
	}

	/** Calls {@code event} on every listener, on this thread and without the lock (dial events of the connector). */
	public void notifyListeners(Consumer<PoolListener> event) {
		this.events.each(event);
	}

	/**
	 * Runs {@code step} on the background eviction thread before each eviction, without the lock (it may block: DNS
	 * refresh); it gets the time and returns nanoseconds until it is next due. Nothing runs without background eviction.
	 */
	public void refreshWith(LongUnaryOperator step) {
		this.evictor.refreshWith(step);
	}

	/**
	 * Retires the route's connections to the addresses in {@code gone}: idle ones now, leased ones when they come
	 * back, and those being dialled (to one of them) when released, or at once for a warm-up; each closes with
	 * {@link CloseReason#ADDRESS_REMOVED}.
	 * @return how many idle connections were closed
	 */
	public int retireAddresses(Route route, Set<InetAddress> gone) {
		if (gone.isEmpty()) {
			return 0;
		}
		this.lock.lock();
		try {
			RouteState rs = this.routes.get(route);
			if (rs == null) {
				return 0;
			}
			// the dials in flight check what they open against it when booked (RouteState.adopt)
			rs.addressesRetired(gone);
			for (PooledConnection c : rs.leased()) {
				if (c.address() != null && gone.contains(c.address())) {
					c.addressRemoved = true;
				}
			}
			return this.idle.retireAddresses(rs, gone, this.lock);
		}
		finally {
			this.lock.unlock();
		}
	}
}
