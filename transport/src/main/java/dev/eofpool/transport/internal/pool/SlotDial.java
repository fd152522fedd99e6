package dev.eofpool.transport.internal.pool;

import java.io.IOException;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * Connecting in a slot the pool reserved for the calling thread (below the route's limit, after a wait that was
 * granted a slot, or for a retry): refused while the host is drained, dialled without the lock, then booked and leased
 * under it, or given back (and offered on) when the dial failed or the pool closed meanwhile.
 *
 * @param <C> the connections of the pool (what its dialers open)
 */
final class SlotDial<C extends PooledConnection> {

	private final PoolLock lock;

	private final Ticker ticker;

	// pool lock
	private final RouteTable routes;

	private final PoolEvents events;

	SlotDial(PoolLock lock, Ticker ticker, RouteTable routes, PoolEvents events) {
		this.lock = lock;
		this.ticker = ticker;
		this.routes = routes;
		this.events = events;
	}

	/**
	 * Connects in the slot reserved for this thread and leases the new connection. While the host refuses new
	 * connections after a drain, gives the slot back (offering it on) and fails instead.
	 */
	C dial(RouteState rs, ConnectionPool.Dialer<C> dialer, long start, CallListener listener) throws IOException {
		Route route = rs.route;
		long refusedFor;
		int generation;
		int addressEpoch;
		this.lock.lock();
		try {
			// the drain generation and address epoch as the dial is decided: a drain from here on closes what it
			// opens when released, and so does a DNS refresh retiring the address it reaches
			generation = rs.generation;
			addressEpoch = rs.addressEpoch;
			refusedFor = this.routes.refusedFor(route, this.ticker.nanoTime());
			if (refusedFor > 0) {
				rs.unreserve();
				rs.grantSlot(this.lock);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (refusedFor > 0) {
			throw this.events.acquireFailed(route, AcquireOutcome.ERROR, start,
					HostOperations.drainedException(route, refusedFor));
		}
		C c;
		// the wait ends here: acquire timers measure the wait for a slot, the dial has its own events
		long waited = this.ticker.nanoTime() - start;
		try {
			c = dialer.dial(route);
		}
		catch (Throwable ex) {
			// an Error too: the slot is given back (and offered on) before anything else
			this.lock.lock();
			try {
				rs.connectFailed(this.lock);
			}
			finally {
				this.lock.unlock();
			}
			this.events.dialFailed(route, (ex instanceof IOException io) ? io : new IOException(ex), waited);
			throw ex;
		}
		boolean refused;
		this.lock.lock();
		try {
			rs.adopt(c, generation, addressEpoch);
			refused = this.routes.isClosed();
			if (refused) {
				rs.unbook(c, CloseReason.TRANSPORT_CLOSED);
				rs.grantSlot(this.lock);
			}
			else {
				rs.lease(c, this.ticker.nanoTime(), Thread.currentThread());
			}
		}
		finally {
			this.lock.unlock();
		}
		this.events.opened(route);
		if (refused) {
			this.events.closed(c, CloseReason.TRANSPORT_CLOSED);
			throw this.events.acquireFailed(route, AcquireOutcome.ERROR, start, ConnectionPool.closedException(route));
		}
		this.events.acquired(route, false, 0, waited, listener);
		return c;
	}
}
