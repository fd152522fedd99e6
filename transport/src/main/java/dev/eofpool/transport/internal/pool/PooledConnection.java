package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;

/**
 * What the pool knows of a connection: its route, its age, its place in the idle lists and who leases it. The
 * transport's connection extends this; tests extend it with fakes to drive the pool without sockets.
 * <p>
 * Fields marked "pool lock" are read and written only while holding the {@link ConnectionPool}'s lock. The
 * server hints are written by the leasing thread and read by the pool when the connection is released (the lock
 * orders the two).
 */
public abstract class PooledConnection {

	private final Route route;

	private final long createdNanos;

	// pool lock
	RouteState routeState;

	// pool lock: when this connection must be retired whatever its use
	long lifetimeDeadline;

	// pool lock: when it became idle, when its idle time runs out and which reason that is
	long idleSince;

	long idleDeadline;

	CloseReason idleReason;

	// pool lock: its places in the pool-wide least-recently-used list of idle connections and in its route's leased list
	final ConnectionList.Link idleLink = new ConnectionList.Link(this);

	final ConnectionList.Link leaseLink = new ConnectionList.Link(this);

	// pool lock: the thread leasing it and since when (0 when idle)
	Thread leaseOwner;

	long leasedAt;

	// pool lock: requests served, including the current one
	int uses;

	// written under the pool lock when leased, read by the leasing thread: how long it had been idle (0 if new)
	long idleAgeAtLease;

	// leasing thread: the server's Keep-Alive hints from the latest response (-1: none)
	private long serverTimeoutNanos = -1;

	private int serverMaxRequests = -1;

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

	/** Records the server's {@code Keep-Alive: timeout=, max=} hints from the latest response (-1: absent). */
	public final void serverKeepAlive(long timeoutNanos, int maxRequests) {
		this.serverTimeoutNanos = timeoutNanos;
		this.serverMaxRequests = maxRequests;
	}

	/** How long the connection had been idle when the current lease began (0 for a new or handed-over one). */
	public final long idleAgeAtLease() {
		return this.idleAgeAtLease;
	}

	/** Whether the current request is not the first on this connection. */
	public final boolean reused() {
		return this.uses > 1;
	}

	final long serverTimeoutNanos() {
		return this.serverTimeoutNanos;
	}

	final int serverMaxRequests() {
		return this.serverMaxRequests;
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
