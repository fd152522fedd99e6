package dev.eofpool.transport.internal.pool;

import java.net.InetAddress;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;

/**
 * What the pool knows of a connection: its route, its age, its place in the pool's lists, who leases it and how
 * many exchanges it served. The transport's connection extends this; tests extend it with fakes to drive the pool
 * without sockets.
 * <p>
 * Every mutable field is read and written only while holding the pool's lock, except where its comment says
 * otherwise. Nothing flows back from the connection's user into the pool through these fields: the user hands the
 * server's keep-alive hint to {@link ConnectionPool#release} as an argument.
 */
public abstract class PooledConnection {

	private final Route route;

	private final long createdNanos;

	// pool lock: its route's state while the pool counts it (leased or idle), null once out of the books
	RouteState routeState;

	// pool lock: its route's drain generation when its dial was decided (RouteState.generation)
	int generation;

	// pool lock: when this connection must be retired whatever its use
	long lifetimeDeadline;

	// pool lock: when it became idle, when its idle time runs out and which reason that is
	long idleSince;

	long idleDeadline;

	CloseReason idleReason;

	// pool lock: its place in its route's books (RouteBooks): the list of booked connections, the idle stack, and
	// which of idle or leased it is (never both: it leaves one before it becomes the other)
	PooledConnection bookedPrev;

	PooledConnection bookedNext;

	PooledConnection idleNext;

	boolean idle;

	boolean leased;

	// pool lock: when it was last kept idle, in the pool's order of keeps (OldestIdle)
	long keptOrder;

	// pool lock: the thread leasing it and since when
	Thread leaseOwner;

	long leasedAt;

	// pool lock: how long it had been idle when the current lease began (0 if new or handed over); the pool reads it
	// when the lease ends with the server having closed the idle connection, to learn the server's idle timeout
	long idleAgeAtLease;

	// pool lock, written when an exchange on it ends; read by the leasing thread, whose lease the lock ordered after
	// that write: exchanges it served
	int uses;

	// pool lock: the reason it is to be closed and the next connection in PoolLock's close queue
	CloseReason closingFor;

	PooledConnection nextToClose;

	// pool lock: DNS refresh retired its address while it was leased or being dialled; it closes when it comes back
	boolean addressRemoved;

	protected PooledConnection(Route route, long createdNanos) {
		this.route = route;
		this.createdNanos = createdNanos;
	}

	public final Route route() {
		return this.route;
	}

	/** When the connection was opened, on the pool's ticker. */
	public final long createdNanos() {
		return this.createdNanos;
	}

	/** Whether the current request is not the first on this connection. Called by the leasing thread. */
	public final boolean reused() {
		return this.uses > 0;
	}

	/** The address it reached (the proxy's for a route through one), or {@code null} when unknown (test fakes). */
	public InetAddress address() {
		return null;
	}

	/**
	 * Closes the underlying socket. Idempotent, never throws, and may block briefly: the pool never calls it while
	 * holding its lock.
	 */
	protected abstract void closeSocket();

	/**
	 * Checks, without a round trip and without blocking, whether an idle connection can still be used.
	 * @return {@code null} when usable, else why not ({@link CloseReason#SERVER_CLOSED_IDLE} or
	 * {@link CloseReason#UNSOLICITED_BYTES})
	 */
	protected abstract CloseReason probe();
}
