package dev.eofpool.transport.internal.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.DrainResult;
import dev.eofpool.transport.HostDrainedException;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * Operating the pool by host: {@link #drain} (a host's idle connections now, its leased ones on release, optionally
 * refusing new ones for a while) and {@link #warm} (one idle connection opened ahead of traffic). It works on the
 * pool's parts under the {@link PoolLock}, like the lease path: it decides under the lock, and sockets are closed,
 * listeners called and waiters woken after it is released; it dials without the lock.
 *
 * @param <C> the connections of the pool (what its dialers open)
 */
public final class HostOperations<C extends PooledConnection> {

	private final PoolLock lock;

	private final Ticker ticker;

	// the parts' mutable state is guarded by the pool lock (RouteTable's settings cache excepted)
	private final RouteTable routes;

	private final IdleConnections idle;

	private final Returns returns;

	private final PoolEvents events;

	// pool lock: connections being opened by warm-up in every route (RouteState.warming, summed)
	private int warming;

	HostOperations(PoolLock lock, Ticker ticker, RouteTable routes, IdleConnections idle, Returns returns,
			PoolEvents events) {
		this.lock = lock;
		this.ticker = ticker;
		this.routes = routes;
		this.idle = idle;
		this.returns = returns;
		this.events = events;
	}

	/**
	 * Drains the routes of one host ({@code host:port}): closes their idle connections now ({@link CloseReason#DRAINED})
	 * and each leased one when its exchange ends; with a positive {@code refuseFor}, new connections to the host are
	 * refused for that long (requests fail at once with {@link HostDrainedException}, waiting ones when they would
	 * connect).
	 * @return what was closed and what will close
	 */
	public DrainResult drain(String hostPort, Duration refuseFor) {
		int idleClosed = 0;
		int leased = 0;
		this.lock.lock();
		try {
			long now = this.ticker.nanoTime();
			if (refuseFor != null && !refuseFor.isZero() && !refuseFor.isNegative()) {
				this.routes.refuse(hostPort, now + refuseFor.toNanos());
			}
			for (RouteState rs : this.routes.all()) {
				if (!rs.route.hostPort().equalsIgnoreCase(hostPort)) {
					continue;
				}
				rs.generation++;
				leased += rs.leasedCount();
				int before = rs.idleCount();
				this.idle.retireAll(rs, CloseReason.DRAINED, this.lock);
				idleClosed += before;
				for (int i = 0; i < before; i++) {
					rs.grantSlot(this.lock);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		return new DrainResult(hostPort, idleClosed, leased, (refuseFor != null) ? refuseFor : Duration.ZERO);
	}

	/**
	 * Opens one connection of the route and keeps it idle (warm-up), unless the route already holds {@code target}
	 * idle connections (counting those being opened this way), is at its connection or idle limit, the pool holds its
	 * global limit of idle connections (counting every route's warm-ups in flight: warm-up never makes the pool retire
	 * one), the pool is at its total, the host is drained or the pool closed. A waiting request gets the connection
	 * instead of the idle list.
	 * @return whether a connection was opened and kept (idle or handed to a waiting request); {@code false} too when
	 * it was closed at once (the host drained or its address retired while it was dialled, the pool closed, a limit
	 * reached meanwhile)
	 * @throws IOException when connecting fails
	 */
	public boolean warm(Route route, ConnectionPool.Dialer<C> dialer, int target) throws IOException {
		HostSettings settings = this.routes.settings(route);
		RouteState rs;
		int generation;
		int addressEpoch;
		this.lock.lock();
		try {
			rs = this.routes.use(route, settings);
			if (rs == null || rs.idleCount() + rs.warming >= Math.min(target, settings.maxIdle())
					|| this.idle.count() + this.warming >= this.idle.maxTotal()
					|| rs.total() >= settings.maxConnections() || !rs.cap.hasRoom()
					|| this.routes.refusedFor(route, this.ticker.nanoTime()) > 0) {
				return false;
			}
			rs.reserve();
			rs.warming++;
			this.warming++;
			// a drain while it is being dialled closes it (DRAINED) instead of keeping it, and so does a DNS refresh
			// retiring the address it reaches (ADDRESS_REMOVED)
			generation = rs.generation;
			addressEpoch = rs.addressEpoch;
		}
		finally {
			this.lock.unlock();
		}
		C c;
		try {
			c = dialer.dial(route);
		}
		catch (Throwable ex) {
			// an Error too: the slot is given back (and offered on) before anything else
			this.lock.lock();
			try {
				rs.warming--;
				this.warming--;
				rs.connectFailed(this.lock);
			}
			finally {
				this.lock.unlock();
			}
			this.events.connectFailed(route, (ex instanceof IOException io) ? io : new IOException(ex));
			throw ex;
		}
		boolean closed;
		boolean kept = false;
		this.lock.lock();
		try {
			rs.warming--;
			this.warming--;
			rs.adopt(c, generation, addressEpoch);
			closed = this.routes.isClosed();
			if (closed) {
				rs.unbook(c, CloseReason.TRANSPORT_CLOSED);
				rs.grantSlot(this.lock);
			}
			else {
				kept = this.returns.keep(rs, c, this.ticker.nanoTime());
			}
		}
		finally {
			this.lock.unlock();
		}
		this.events.opened(route);
		if (closed) {
			this.events.closed(c, CloseReason.TRANSPORT_CLOSED);
		}
		return kept;
	}

	/** Nanoseconds the route's host still refuses new connections after a drain, or 0. */
	public long refusedFor(Route route) {
		this.lock.lock();
		try {
			return this.routes.refusedFor(route, this.ticker.nanoTime());
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The failure of a request that needs a new connection to a host still refusing them after a drain. */
	static HostDrainedException drainedException(Route route, long refusedForNanos) {
		return new HostDrainedException(route, "Request to " + route + " refused: its host " + route.hostPort()
				+ " was drained and refuses new connections for another "
				+ Math.max(1, TimeUnit.NANOSECONDS.toMillis(refusedForNanos)) + " ms");
	}
}
