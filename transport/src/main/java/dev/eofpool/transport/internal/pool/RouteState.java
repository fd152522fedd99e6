package dev.eofpool.transport.internal.pool;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteCounters;
import dev.eofpool.transport.RouteStats;

/**
 * One route's connections (its {@link RouteBooks}, whose fields this object holds), waiters, idle timeout and pool
 * counters. Every mutable field is guarded by the pool's lock, except the {@link #tally}, which is fed off the lock by
 * events.
 */
final class RouteState extends RouteBooks {

	final Route route;

	final HostSettings settings;

	// pool lock: slots reserved by threads that are connecting
	int connecting;

	// pool lock: of those, the ones opened by warm-up, to be kept idle
	int warming;

	// pool lock: threads waiting at the limit, made at the first wait (a route that never waits has none, so a
	// return does not look into one); non-empty only while idle is empty
	private WaitQueue waiters;

	// pool lock: threads of this route waiting for the pool-wide total (in the TotalCap's queue)
	int capWaiters;

	// pool lock: bumped by each drain; a connection dialled in an earlier generation closes when released
	int generation;

	// pool lock: bumped by each DNS refresh that retires addresses of the route
	int addressEpoch;

	// pool lock: the retirements made while a dial was in flight, oldest first, each with the address epoch it made;
	// null when there are none, and dropped once no dial is in flight (a dial decided later reads a newer epoch)
	private List<Retirement> retiredWhileDialling;

	// pool lock: the pool-wide limit, which every slot reserved or connection unbooked here counts against
	final TotalCap cap;

	// pool lock: told through serverHint and serverClosedIdle, which keep idleNanos and idleReason in step
	private final IdleTimeoutLearner idleTimeouts;

	// pool lock: the learner's idle timeout and reason now, and the last server hint given to it; kept here so a
	// return reads and writes this object only, and asked of the learner again whenever it learns something
	private long idleNanos;

	private CloseReason idleReason;

	private long hinted = -1;

	/** Leaks, drains and the last error: atomics fed by events, not guarded by the pool lock. */
	final RouteTallies.Tally tally;

	// pool lock: the counters, each only growing
	private long opened;

	private long requests;

	private long reusedRequests;

	private long retries;

	private long connectFailures;

	private final long[] closedByReason = new long[CloseReason.values().length];

	// pool lock: whether the route has had no connection and no waiter since emptySince (kept by the evictor)
	boolean empty;

	// pool lock: set when the route table forgot this state; a thread that found it before must look the route up again
	boolean forgotten;

	long emptySince;

	RouteState(Route route, HostSettings settings, IdleTimeoutLearner idleTimeouts, RouteTallies.Tally tally,
			TotalCap cap) {
		this.route = route;
		this.cap = cap;
		this.settings = settings;
		this.idleTimeouts = idleTimeouts;
		this.tally = tally;
		learned();
	}

	/** The queue of threads waiting at the route's limit, made now if none has waited yet. */
	WaitQueue waiters() {
		if (this.waiters == null) {
			this.waiters = new WaitQueue();
		}
		return this.waiters;
	}

	/**
	 * Hands {@code c} to the first thread waiting at the route's limit ({@link WaitQueue#handOver}).
	 * @return {@code false} when nobody waits
	 */
	boolean handOver(PooledConnection c, PoolLock lock) {
		return this.waiters != null && this.waiters.handOver(c, lock);
	}

	/** Ends every wait at the route's limit with neither a connection nor a slot (the pool closed). */
	void wakeAll(PoolLock lock) {
		if (this.waiters != null) {
			this.waiters.wakeAll(lock);
		}
	}

	/** Gives the learner the server's {@code Keep-Alive: timeout=} of a response (ignored when not positive). */
	void serverHint(long timeoutNanos) {
		if (timeoutNanos > 0 && timeoutNanos != this.hinted) {
			this.hinted = timeoutNanos;
			this.idleTimeouts.serverHint(timeoutNanos);
			learned();
		}
	}

	/** Tells the learner the server had closed a connection idle for {@code idleNanos}. */
	void serverClosedIdle(long idleNanos) {
		this.idleTimeouts.serverClosedIdle(idleNanos);
		learned();
	}

	private void learned() {
		this.idleNanos = this.idleTimeouts.effectiveNanos();
		this.idleReason = this.idleTimeouts.reason();
	}

	/** The idle timeout a connection kept now gets ({@link IdleTimeoutLearner#effectiveNanos}). */
	long idleNanos() {
		return this.idleNanos;
	}

	/** The close reason of that timeout ({@link IdleTimeoutLearner#reason}). */
	CloseReason idleReason() {
		return this.idleReason;
	}

	/** When a connection opened at {@code createdNanos} must retire: up to 10% before the maximum lifetime. */
	long lifetimeDeadline(long createdNanos) {
		long maxLifetime = this.settings.maxLifetime().toNanos();
		if (maxLifetime <= 0) {
			return Long.MAX_VALUE;
		}
		// up to 10% earlier, so a fleet that started together does not reconnect together
		return createdNanos + maxLifetime - ThreadLocalRandom.current().nextLong(maxLifetime / 10 + 1);
	}

	/** Connections counted against the limit: idle, leased and being opened. */
	int total() {
		return idleCount() + leasedCount() + this.connecting;
	}

	/** Reserves a slot for a thread that will connect (counted against the route's limit and the total). */
	void reserve() {
		this.connecting++;
		this.cap.add(1);
	}

	/** Gives back a reserved slot whose connect failed or was abandoned (no connection was booked in it). */
	void unreserve() {
		this.connecting--;
		this.cap.add(-1);
		if (this.connecting == 0) {
			this.retiredWhileDialling = null;
		}
	}

	/**
	 * Records that a DNS refresh retired the addresses {@code gone} (in a new address epoch), for the dials in flight:
	 * a connection one of them opens to such an address is marked when booked ({@link #adopt}). The connections
	 * already booked are the caller's to retire.
	 */
	void addressesRetired(Set<InetAddress> gone) {
		this.addressEpoch++;
		if (this.connecting == 0) {
			this.retiredWhileDialling = null;
			return;
		}
		if (this.retiredWhileDialling == null) {
			this.retiredWhileDialling = new ArrayList<>(2);
		}
		this.retiredWhileDialling.add(new Retirement(this.addressEpoch, Set.copyOf(gone)));
	}

	/** Whether a retirement after {@code addressEpoch} (read when a dial was decided) retired {@code address}. */
	private boolean retiredSince(int addressEpoch, InetAddress address) {
		if (address == null || this.retiredWhileDialling == null) {
			return false;
		}
		for (Retirement r : this.retiredWhileDialling) {
			if (r.epoch - addressEpoch > 0 && r.gone.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** Waiting requests of this route: at its own limit and for the total. */
	int waiting() {
		return ((this.waiters != null) ? this.waiters.size() : 0) + this.capWaiters;
	}

	void countOpened() {
		this.opened++;
	}

	void countConnectFailure() {
		this.connectFailures++;
	}

	void countRetry() {
		this.retries++;
	}

	/** A connect in a slot reserved here failed: gives the slot back, counts the failure, offers the slot on. */
	void connectFailed(PoolLock lock) {
		unreserve();
		countConnectFailure();
		grantSlot(lock);
	}

	/**
	 * Books {@code c}, just opened in a slot reserved here, in the drain {@code generation} read when its dial was
	 * decided (so a drain while it was being dialled closes it when released), and marks it to close when released
	 * if a DNS refresh retired its address after the {@code addressEpoch} read then: the slot, counted in the total,
	 * is now this connection.
	 */
	void adopt(PooledConnection c, int generation, int addressEpoch) {
		this.connecting--;
		countOpened();
		c.routeState = this;
		book(c);
		c.generation = generation;
		c.lifetimeDeadline = lifetimeDeadline(c.createdNanos());
		if (addressEpoch != this.addressEpoch && retiredSince(addressEpoch, c.address())) {
			c.addressRemoved = true;
		}
		if (this.connecting == 0) {
			this.retiredWhileDialling = null;
		}
	}

	/** {@link #adopt(PooledConnection, int, int)} now: no drain nor retirement while it was dialled. */
	void adopt(PooledConnection c) {
		adopt(c, this.generation, this.addressEpoch);
	}

	/** Leases {@code c}, booked here, to {@code owner} at {@code now}. */
	void lease(PooledConnection c, long now, Thread owner) {
		markLeased(c);
		c.idleAgeAtLease = 0;
		c.leaseOwner = owner;
		c.leasedAt = now;
	}

	/** Counts the request whose exchange on {@code c} just ended; {@code c} has served one more. */
	void countRequest(PooledConnection c) {
		this.requests++;
		if (c.uses > 0) {
			this.reusedRequests++;
		}
		c.uses++;
	}

	/**
	 * Takes {@code c}, neither idle nor leased any more, out of the books for {@code reason}: counts the close; the
	 * caller closes the socket.
	 */
	void unbook(PooledConnection c, CloseReason reason) {
		this.closedByReason[reason.ordinal()]++;
		this.cap.add(-1);
		unlink(c);
		c.routeState = null;
	}

	/** {@link #unbook} and queue the socket to be closed once the lock is released. */
	void retire(PooledConnection c, CloseReason reason, PoolLock lock) {
		unbook(c, reason);
		lock.closeAfter(c, reason);
	}

	/**
	 * Gives a free slot, if the route is below its limit and the pool below its total, to the route's first waiter,
	 * who will connect in it; else, below the total, to the first request waiting for the total.
	 */
	void grantSlot(PoolLock lock) {
		if (total() < this.settings.maxConnections() && this.cap.hasRoom() && this.waiters != null
				&& this.waiters.grantSlot(lock)) {
			reserve();
			return;
		}
		this.cap.grantSlot(lock);
	}

	/** The counters now, the tally's included. */
	RouteCounters counters() {
		Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);
		for (CloseReason r : CloseReason.values()) {
			closes.put(r, this.closedByReason[r.ordinal()]);
		}
		return new RouteCounters(this.opened, this.requests, this.reusedRequests, this.retries, this.tally.leaks(),
				this.connectFailures, this.tally.drainsReused(), this.tally.drainsClosed(), closes);
	}

	RouteStats snapshot() {
		return new RouteStats(idleCount(), leasedCount(), this.connecting, waiting(),
				this.settings.maxConnections(), this.settings.maxIdle(), counters(), this.settings.idleTimeout(),
				this.idleTimeouts.serverTimeout(), this.idleTimeouts.learned(),
				Duration.ofNanos(this.idleTimeouts.effectiveNanos()), this.tally.lastError(), openByAddress());
	}

	/** Open connections (idle and leased) by the text of the address each reached. Lock held. */
	private Map<String, Integer> openByAddress() {
		Map<String, Integer> out = new TreeMap<>();
		for (PooledConnection c : booked()) {
			countAddress(out, c);
		}
		return out;
	}

	private static void countAddress(Map<String, Integer> out, PooledConnection c) {
		InetAddress address = c.address();
		if (address != null) {
			out.merge(address.getHostAddress(), 1, Integer::sum);
		}
	}

	/** Addresses one DNS refresh retired, and the address epoch that retirement made. */
	private record Retirement(int epoch, Set<InetAddress> gone) {
	}
}
