package dev.eofpool.transport.internal.pool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.ExhaustionPolicy;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportClosedException;
import dev.eofpool.transport.TransportConfig;

/**
 * Per-route idle connections, per-route limits with fair waiting, a global idle limit, expiry and accounting.
 * <p>
 * Habit: every decision is made under {@link #lock}; sockets are closed, listeners called and connections dialled
 * after it is released. The pool never decides that a connection is reusable: the caller of
 * {@link #release(PooledConnection, CloseReason)} passes {@code null} only from the body's EOF path.
 * <p>
 * Invariant (checked by tests at quiescence): opened - closed = idle + leased, per route and in total; and a route
 * with waiters has no idle connection (released connections are handed to the first waiter directly).
 */
public final class ConnectionPool implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());

	/** Opens a connection for a route; called without the pool lock, with a slot reserved. */
	@FunctionalInterface
	public interface Dialer {

		PooledConnection dial(Route route) throws IOException;
	}

	private final TransportConfig config;

	private final Ticker ticker;

	private final long marginNanos;

	private final long validateAfterNanos;

	private final ReentrantLock lock = new ReentrantLock();

	// lock: waiters whose wait ended, unparked by unlock() once the lock is released
	private Waiter toWake;

	// lock
	private final Map<Route, RouteState> routes = new HashMap<>();

	/** Settings per route, resolved once; read without the lock on every request. */
	private final ConcurrentHashMap<Route, HostSettings> settingsCache = new ConcurrentHashMap<>();

	// lock: pool-wide LRU list of idle connections, oldest first
	private final ConnectionList lru = new ConnectionList((c) -> c.idleLink);

	// lock
	private boolean closed;

	private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

	private final Condition evictorWake = this.lock.newCondition();

	// lock: when the evictor next wakes by itself, and how many wake-ups were asked for
	private long evictorWakeAt = Long.MAX_VALUE;

	private long evictorSignals;

	private final Thread evictor;

	/**
	 * How long a route with no connection is remembered (its settings, hints, learned timeout and counters) before
	 * its state is dropped, so a client that calls many hosts keeps bounded memory.
	 */
	private final long routeRetentionNanos;

	/** Counters of forgotten routes, so pool-wide totals never go backwards. Lock. */
	private final RouteState retired;

	public ConnectionPool(TransportConfig config) {
		this.config = config;
		this.routeRetentionNanos = Math.max(TimeUnit.MINUTES.toNanos(10),
				2 * config.hostDefaults().idleTimeout().toNanos());
		this.retired = new RouteState(new Route("http", "retired.invalid", 1), config.settingsFor("retired.invalid", 1));
		this.ticker = config.ticker();
		this.marginNanos = config.keepAliveMargin().toNanos();
		this.validateAfterNanos = config.validateAfterIdle().toNanos();
		if (config.backgroundEviction()) {
			this.evictor = new Thread(this::evictLoop, "eofpool-evictor");
			this.evictor.setDaemon(true);
			this.evictor.start();
		}
		else {
			this.evictor = null;
		}
	}

	public void addListener(PoolListener listener) {
		this.listeners.add(listener);
	}

	public void removeListener(PoolListener listener) {
		this.listeners.remove(listener);
	}

	/** The settings in force for a route (cached). */
	public HostSettings settings(Route route) {
		HostSettings s = this.settingsCache.get(route);
		if (s == null) {
			s = this.settingsCache.computeIfAbsent(route, (r) -> this.config.settingsFor(r.host(), r.port()));
		}
		return s;
	}

	/**
	 * Leases a connection of the route: the most recently used idle one that is still usable, else a new one when the
	 * route is below its limit, else (by the exhaustion policy) the first one released or a slot freed, waiting in
	 * FIFO order up to the acquire timeout.
	 * @throws PoolExhaustedException at the limit (timeout, fail-fast, or a wait that could never end)
	 * @throws InterruptedIOException when interrupted while waiting (the pool keeps no trace of the wait)
	 * @throws TransportClosedException when the pool is closed
	 * @throws IOException when connecting fails
	 */
	public PooledConnection acquire(Route route, Dialer dialer) throws IOException {
		long start = this.ticker.nanoTime();
		HostSettings settings = settings(route);
		for (;;) {
			PooledConnection candidate = null;
			boolean dial = false;
			List<PooledConnection> expired = null;
			List<CloseReason> expiredReasons = null;
			boolean refused = false;
			RouteState rs;
			this.lock.lock();
			try {
				if (this.closed) {
					refused = true;
					throw closedException(route);
				}
				rs = this.routes.get(route);
				if (rs == null) {
					rs = new RouteState(route, settings);
					this.routes.put(route, rs);
				}
				rs.empty = false;
				long now = this.ticker.nanoTime();
				PooledConnection c;
				while ((c = rs.idle.pollFirst()) != null) {
					this.lru.remove(c);
					CloseReason reason = expiry(c, now);
					if (reason == null) {
						lease(rs, c, now, Thread.currentThread());
						c.idleAgeAtLease = now - c.idleSince;
						candidate = c;
						break;
					}
					rs.countClose(reason);
					c.routeState = null;
					if (expired == null) {
						expired = new ArrayList<>(2);
						expiredReasons = new ArrayList<>(2);
					}
					expired.add(c);
					expiredReasons.add(reason);
				}
				if (candidate == null) {
					if (rs.total() < settings.maxConnections()) {
						rs.connecting++;
						dial = true;
					}
				}
			}
			finally {
				unlock();
				if (refused) {
					for (PoolListener l : this.listeners) {
						l.acquireFailed(route, AcquireOutcome.ERROR, this.ticker.nanoTime() - start);
					}
				}
			}
			closeAll(route, expired, expiredReasons);
			if (candidate != null) {
				if (candidate.idleAgeAtLease >= this.validateAfterNanos) {
					CloseReason dead = candidate.probe();
					if (dead != null) {
						if (dead == CloseReason.SERVER_CLOSED_IDLE) {
							serverClosedIdle(candidate, candidate.idleAgeAtLease);
						}
						releaseUncounted(candidate, dead);
						continue;
					}
				}
				fireAcquired(route, true, this.ticker.nanoTime() - start);
				return candidate;
			}
			if (dial) {
				return dial(rs, dialer, start);
			}
			return await(rs, dialer, start);
		}
	}

	/** Lease bookkeeping. Lock held. */
	private void lease(RouteState rs, PooledConnection c, long now, Thread owner) {
		rs.leased.addLast(c);
		c.idleAgeAtLease = 0;
		c.leaseOwner = owner;
		c.leasedAt = now;
		c.uses++;
		rs.requests++;
		if (c.uses > 1) {
			rs.reusedRequests++;
		}
	}

	private PooledConnection dial(RouteState rs, Dialer dialer, long start) throws IOException {
		Route route = rs.route;
		PooledConnection c;
		try {
			c = dialer.dial(route);
		}
		catch (IOException | RuntimeException ex) {
			this.lock.lock();
			try {
				rs.connecting--;
				rs.connectFailures++;
				rs.lastError = String.valueOf(ex.getMessage());
				grantSlot(rs);
			}
			finally {
				unlock();
			}
			for (PoolListener l : this.listeners) {
				l.connectFailed(route, (ex instanceof IOException io) ? io : new IOException(ex));
				l.acquireFailed(route, AcquireOutcome.ERROR, this.ticker.nanoTime() - start);
			}
			throw ex;
		}
		boolean refused;
		this.lock.lock();
		try {
			rs.connecting--;
			rs.opened++;
			refused = this.closed;
			c.routeState = rs;
			long maxLifetime = rs.settings.maxLifetime().toNanos();
			if (maxLifetime > 0) {
				// up to 10% earlier, so a fleet that started together does not reconnect together
				long jitter = ThreadLocalRandom.current().nextLong(maxLifetime / 10 + 1);
				c.lifetimeDeadline = c.createdNanos() + maxLifetime - jitter;
			}
			else {
				c.lifetimeDeadline = Long.MAX_VALUE;
			}
			if (refused) {
				rs.countClose(CloseReason.TRANSPORT_CLOSED);
				c.routeState = null;
				grantSlot(rs);
			}
			else {
				lease(rs, c, this.ticker.nanoTime(), Thread.currentThread());
			}
		}
		finally {
			unlock();
		}
		for (PoolListener l : this.listeners) {
			l.connectionOpened(route);
		}
		if (refused) {
			closeOne(route, c, CloseReason.TRANSPORT_CLOSED);
			throw closedException(route);
		}
		fireAcquired(route, false, this.ticker.nanoTime() - start);
		return c;
	}

	private PooledConnection await(RouteState rs, Dialer dialer, long start) throws IOException {
		Route route = rs.route;
		HostSettings settings = rs.settings;
		Waiter w;
		AcquireOutcome failure = null;
		this.lock.lock();
		try {
			// state may have changed since the decision: look again before waiting
			if (this.closed) {
				failure = AcquireOutcome.ERROR;
				throw closedException(route);
			}
			if (!rs.idle.isEmpty() || rs.total() < settings.maxConnections()) {
				w = null;
			}
			else if (settings.exhaustionPolicy() == ExhaustionPolicy.FAIL_FAST) {
				failure = AcquireOutcome.ERROR;
				throw new PoolExhaustedException(route, "No connection available for " + route + ": all "
						+ settings.maxConnections() + " connections are in use and the exhaustion policy is fail-fast");
			}
			else if (rs.connecting == 0 && allLeasedBy(rs, Thread.currentThread())) {
				failure = AcquireOutcome.ERROR;
				throw new PoolExhaustedException(route, "Waiting for a connection to " + route
						+ " would never end: this thread already holds all " + settings.maxConnections()
						+ " of its connections (read or close the earlier responses before sending another request)");
			}
			else {
				w = new Waiter();
				rs.waiters.addLast(w);
			}
		}
		finally {
			unlock();
			if (failure != null) {
				fireAcquireFailed(route, failure, start);
			}
		}
		if (w == null) {
			return acquire(route, dialer);
		}
		// parked without the lock: a release hands the connection over and unparks us after its unlock
		long timeout = settings.acquireTimeout().toNanos();
		long parkedAt = System.nanoTime();
		while (!w.done) {
			long remaining = timeout - (System.nanoTime() - parkedAt); // no overflow, however long the timeout
			if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
				abandonWait(rs, w, start);
				break; // the wait ended as the timeout or interrupt came: take what it brought
			}
			LockSupport.parkNanos(this, remaining);
		}
		if (w.connection != null) {
			fireAcquired(route, true, this.ticker.nanoTime() - start);
			return w.connection;
		}
		if (!w.slotGranted) {
			fireAcquireFailed(route, AcquireOutcome.ERROR, start);
			throw closedException(route);
		}
		return dial(rs, dialer, start);
	}

	/**
	 * Ends a wait at its timeout or interrupt, under the lock, unless the wait ended first (a connection or slot came
	 * just in time). An interrupt gives back what came, so the pool keeps no trace of the wait.
	 * @throws PoolExhaustedException at the timeout
	 * @throws InterruptedIOException when interrupted (the interrupt status is kept)
	 */
	private void abandonWait(RouteState rs, Waiter w, long start) throws IOException {
		Route route = rs.route;
		boolean interrupted = Thread.currentThread().isInterrupted();
		AcquireOutcome failure = null;
		PooledConnection toClose = null;
		CloseReason toCloseReason = null;
		this.lock.lock();
		try {
			if (!interrupted) {
				if (w.done) {
					return;
				}
				rs.waiters.remove(w);
				failure = AcquireOutcome.TIMEOUT;
				throw new PoolExhaustedException(route, "Timed out after "
						+ TimeUnit.NANOSECONDS.toMillis(this.ticker.nanoTime() - start) + " ms waiting for a connection to "
						+ route + ": all " + rs.settings.maxConnections()
						+ " connections (the per-host limit) stayed in use; " + rs.waiters.size()
						+ " other request(s) still waiting");
			}
			rs.waiters.remove(w);
			if (w.connection != null) {
				// handed over while we were being interrupted: give it back as if never taken
				PooledConnection c = w.connection;
				rs.leased.remove(c);
				c.uses--;
				rs.requests--;
				rs.reusedRequests--;
				c.leaseOwner = null;
				toClose = makeIdleOrHandOver(rs, c, this.ticker.nanoTime());
				toCloseReason = CloseReason.IDLE_LIMIT_TOTAL;
				if (toClose == c) {
					toCloseReason = CloseReason.IDLE_LIMIT_HOST;
					rs.countClose(toCloseReason);
					c.routeState = null;
					grantSlot(rs);
				}
			}
			else if (w.slotGranted) {
				rs.connecting--;
				grantSlot(rs);
			}
			failure = AcquireOutcome.INTERRUPTED;
			throw new InterruptedIOException("Interrupted while waiting for a connection to " + route);
		}
		finally {
			unlock();
			if (toClose != null) {
				closeOne(toClose.route(), toClose, toCloseReason);
			}
			if (failure != null) {
				fireAcquireFailed(route, failure, start);
			}
		}
	}

	private void fireAcquireFailed(Route route, AcquireOutcome outcome, long start) {
		long wait = this.ticker.nanoTime() - start;
		for (PoolListener l : this.listeners) {
			l.acquireFailed(route, outcome, wait);
		}
	}

	/** Marks a wait as over and queues its thread to be unparked once the lock is released. Lock held. */
	private void wake(Waiter w) {
		w.done = true;
		w.nextToWake = this.toWake;
		this.toWake = w;
	}

	/** Releases the lock, then unparks the waiters whose wait ended while it was held. */
	private void unlock() {
		Waiter w = this.toWake;
		this.toWake = null;
		this.lock.unlock();
		while (w != null) {
			Waiter next = w.nextToWake;
			w.nextToWake = null;
			LockSupport.unpark(w.thread);
			w = next;
		}
	}

	private static boolean allLeasedBy(RouteState rs, Thread thread) {
		if (rs.leased.isEmpty()) {
			return false;
		}
		for (PooledConnection c : rs.leased) {
			if (c.leaseOwner != thread) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Ends a lease. {@code reason == null} means the response was read to its end and both sides allow keep-alive:
	 * the connection is handed to the first waiter or kept idle (subject to the idle limits). Otherwise it is closed
	 * for that reason.
	 * @return whether the connection was kept (idle or handed to a waiter) rather than closed
	 */
	public boolean release(PooledConnection c, CloseReason reason) {
		PooledConnection evicted = null;
		CloseReason evictedReason = null;
		CloseReason closeReason = reason;
		this.lock.lock();
		try {
			RouteState rs = c.routeState;
			if (rs == null || !rs.leased.remove(c)) {
				return false; // released twice: the first release wins
			}
			c.leaseOwner = null;
			long now = this.ticker.nanoTime();
			if (closeReason == null && this.closed) {
				closeReason = CloseReason.TRANSPORT_CLOSED;
			}
			if (closeReason == null && c.serverMaxRequests() == 0) {
				closeReason = CloseReason.KEEP_ALIVE_MAX;
			}
			if (closeReason == null && c.serverTimeoutNanos() > 0) {
				rs.serverTimeoutNanos = c.serverTimeoutNanos();
			}
			if (closeReason == null && c.lifetimeDeadline <= now) {
				closeReason = CloseReason.MAX_LIFETIME;
			}
			if (closeReason == null) {
				evicted = makeIdleOrHandOver(rs, c, now);
				if (evicted == c) {
					closeReason = CloseReason.IDLE_LIMIT_HOST;
					evicted = null;
				}
				else if (evicted != null) {
					evictedReason = CloseReason.IDLE_LIMIT_TOTAL;
				}
			}
			if (closeReason != null) {
				rs.countClose(closeReason);
				c.routeState = null;
				grantSlot(rs);
			}
		}
		finally {
			unlock();
		}
		if (closeReason != null) {
			closeOne(c.route(), c, closeReason);
		}
		if (evicted != null) {
			closeOne(evicted.route(), evicted, evictedReason);
		}
		return closeReason == null;
	}

	/**
	 * Keeps a reusable connection: hands it to the first waiter, or puts it at the head of the route's idle list.
	 * Lock held.
	 * @return a connection the caller must close: {@code c} itself when the route is at its idle limit, the pool-wide
	 * least recently used one when the pool is at its global idle limit, or {@code null}
	 */
	private PooledConnection makeIdleOrHandOver(RouteState rs, PooledConnection c, long now) {
		Waiter w = rs.waiters.pollFirst();
		if (w != null) {
			lease(rs, c, now, w.thread);
			w.connection = c;
			wake(w);
			return null;
		}
		if (rs.idle.size() >= rs.settings.maxIdle()) {
			return c;
		}
		boolean learn = this.config.learnServerIdleTimeout();
		c.idleSince = now;
		c.idleDeadline = now + rs.effectiveIdleNanos(this.marginNanos, learn);
		c.idleReason = rs.idleReason(this.marginNanos, learn);
		rs.idle.addFirst(c);
		this.lru.addLast(c);
		long deadline = Math.min(c.idleDeadline, c.lifetimeDeadline);
		if (deadline < this.evictorWakeAt) {
			this.evictorSignals++;
			this.evictorWake.signal();
		}
		if (this.lru.size() > this.config.maxIdleTotal()) {
			PooledConnection oldest = this.lru.first();
			this.lru.remove(oldest);
			RouteState ors = oldest.routeState;
			ors.idle.remove(oldest);
			ors.countClose(CloseReason.IDLE_LIMIT_TOTAL);
			oldest.routeState = null;
			return oldest;
		}
		return null;
	}

	/** Gives a freed slot to the first waiter, who will connect in it. Lock held. */
	private void grantSlot(RouteState rs) {
		if (rs.total() >= rs.settings.maxConnections()) {
			return;
		}
		Waiter w = rs.waiters.pollFirst();
		if (w != null) {
			rs.connecting++;
			w.slotGranted = true;
			wake(w);
		}
	}

	/**
	 * Closes a connection that failed before any response byte on reuse, and opens a fresh one in the same slot (so the
	 * retry neither waits behind other requests nor exceeds the limit).
	 */
	public PooledConnection replace(PooledConnection failed, CloseReason reason, RetryReason retry, Dialer dialer)
			throws IOException {
		long start = this.ticker.nanoTime();
		RouteState rs;
		this.lock.lock();
		try {
			rs = failed.routeState;
			if (rs == null || !rs.leased.remove(failed)) {
				throw new IllegalStateException("Connection to " + failed.route() + " is not leased");
			}
			failed.leaseOwner = null;
			rs.countClose(reason);
			rs.retries++;
			failed.routeState = null;
			if (this.closed) {
				grantSlot(rs);
				rs = null;
			}
			else {
				rs.connecting++;
			}
		}
		finally {
			unlock();
		}
		closeOne(failed.route(), failed, reason);
		if (rs == null) {
			throw closedException(failed.route());
		}
		for (PoolListener l : this.listeners) {
			l.retried(failed.route(), retry);
		}
		return dial(rs, dialer, start);
	}

	/**
	 * Shortest idle age taken as a server's idle timeout. No server's keep-alive timeout is that short; an idle
	 * connection closed sooner was a one-off (a restart, a balancer recycling it, a fault), and learning it made every
	 * later connection of the host expire before its next use, so the host was never pooled again.
	 */
	static final long MIN_LEARNED_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** Records that the server had closed a connection idle for {@code idleNanos} (shortens its idle timeout). */
	public void serverClosedIdle(PooledConnection c, long idleNanos) {
		if (idleNanos < MIN_LEARNED_IDLE_NANOS) {
			return;
		}
		this.lock.lock();
		try {
			RouteState rs = this.routes.get(c.route());
			if (rs != null && (rs.learnedIdleNanos < 0 || idleNanos < rs.learnedIdleNanos)) {
				rs.learnedIdleNanos = idleNanos;
			}
		}
		finally {
			unlock();
		}
	}

	/**
	 * Closes a connection whose response body was abandoned, and counts it.
	 * @return how long it had been leased, or -1 when it was no longer leased (nothing done)
	 */
	public long leaked(PooledConnection c) {
		long held;
		this.lock.lock();
		try {
			RouteState rs = c.routeState;
			if (rs == null || !rs.leased.contains(c)) {
				return -1;
			}
			rs.leaks++;
			held = this.ticker.nanoTime() - c.leasedAt;
		}
		finally {
			unlock();
		}
		release(c, CloseReason.LEAKED);
		for (PoolListener l : this.listeners) {
			l.leakDetected(c.route(), Duration.ofNanos(held));
		}
		return held;
	}

	/** Counts an early-closed body that was drained ({@code reused}) or whose connection was closed. */
	public void drained(Route route, boolean reused) {
		this.lock.lock();
		try {
			RouteState rs = this.routes.get(route);
			if (rs != null) {
				if (reused) {
					rs.drainsReused++;
				}
				else {
					rs.drainsClosed++;
				}
			}
		}
		finally {
			unlock();
		}
		for (PoolListener l : this.listeners) {
			l.drained(route, reused);
		}
	}

	/** Remembers the last I/O failure seen on a route, for health and the endpoint. */
	public void recordError(Route route, String message) {
		this.lock.lock();
		try {
			RouteState rs = this.routes.get(route);
			if (rs != null) {
				rs.lastError = message;
			}
		}
		finally {
			unlock();
		}
	}

	/** Why an idle connection may not be reused at {@code now}, or {@code null}. Lock held. */
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
	 * Closes every idle connection past its idle timeout, server hint or lifetime at {@code now}, and forgets routes
	 * left without connections for the retention time (10 minutes, or twice the idle timeout when longer).
	 * @return nanoseconds until the next idle connection expires or route may be forgotten, or {@link Long#MAX_VALUE}
	 */
	public long evictExpired(long now) {
		List<PooledConnection> expired = null;
		List<CloseReason> reasons = null;
		long next = Long.MAX_VALUE;
		this.lock.lock();
		try {
			for (PooledConnection c : this.lru) { // the iterator allows removing the connection it returned
				CloseReason reason = expiry(c, now);
				if (reason != null) {
					this.lru.remove(c);
					RouteState rs = c.routeState;
					rs.idle.remove(c);
					rs.countClose(reason);
					c.routeState = null;
					if (expired == null) {
						expired = new ArrayList<>();
						reasons = new ArrayList<>();
					}
					expired.add(c);
					reasons.add(reason);
					grantSlot(rs);
				}
				else {
					next = Math.min(next, Math.min(c.idleDeadline, c.lifetimeDeadline) - now);
				}
			}
			next = Math.min(next, forgetEmptyRoutes(now));
			this.evictorWakeAt = (next == Long.MAX_VALUE) ? Long.MAX_VALUE : now + next;
		}
		finally {
			unlock();
		}
		if (expired != null) {
			for (int i = 0; i < expired.size(); i++) {
				closeOne(expired.get(i).route(), expired.get(i), reasons.get(i));
			}
		}
		return next;
	}

	/**
	 * Drops the state of routes that have had no connection for the retention time, keeping their counters in the
	 * retired totals. Lock held.
	 * @return nanoseconds until the next route may be dropped, or {@link Long#MAX_VALUE}
	 */
	private long forgetEmptyRoutes(long now) {
		long next = Long.MAX_VALUE;
		for (Iterator<RouteState> it = this.routes.values().iterator(); it.hasNext();) {
			RouteState rs = it.next();
			if (rs.total() > 0 || !rs.waiters.isEmpty()) {
				rs.empty = false;
				continue;
			}
			if (!rs.empty) {
				rs.empty = true;
				rs.emptySince = now;
			}
			long left = rs.emptySince + this.routeRetentionNanos - now;
			if (left <= 0) {
				rs.addCountersTo(this.retired);
				it.remove();
				this.settingsCache.remove(rs.route);
			}
			else {
				next = Math.min(next, left);
			}
		}
		return next;
	}

	private void evictLoop() {
		while (true) {
			long signals;
			this.lock.lock();
			try {
				if (this.closed) {
					return;
				}
				signals = this.evictorSignals;
			}
			finally {
				unlock();
			}
			long delay;
			try {
				delay = evictExpired(this.ticker.nanoTime());
			}
			catch (RuntimeException ex) {
				LOG.log(System.Logger.Level.WARNING, "eofpool evictor failed; retrying in 1 s", ex);
				delay = TimeUnit.SECONDS.toNanos(1);
			}
			this.lock.lock();
			try {
				if (this.closed) {
					return;
				}
				if (signals == this.evictorSignals) {
					// sleeps until the next deadline; a connection with an earlier one signals us
					this.evictorWake.awaitNanos(Math.min(delay, TimeUnit.HOURS.toNanos(1)) + 1_000_000);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			finally {
				unlock();
			}
		}
	}

	/** A consistent snapshot of every route and the total. */
	public PoolStats stats() {
		this.lock.lock();
		try {
			boolean learn = this.config.learnServerIdleTimeout();
			Map<Route, RouteStats> perRoute = new LinkedHashMap<>();
			for (RouteState rs : this.routes.values()) {
				perRoute.put(rs.route, rs.snapshot(this.marginNanos, learn));
			}
			return new PoolStats(sum(perRoute, this.retired.snapshot(this.marginNanos, learn)), perRoute, this.closed);
		}
		finally {
			unlock();
		}
	}

	/** Every route added up, plus the counters of routes already forgotten. */
	private RouteStats sum(Map<Route, RouteStats> perRoute, RouteStats retiredCounters) {
		int idle = 0, leased = 0, connecting = 0, waiting = 0, maxConnections = 0;
		long opened = 0, closedCount = 0, requests = 0, reused = 0, retries = 0, leaks = 0, failures = 0,
				drainsReused = 0, drainsClosed = 0;
		Map<CloseReason, Long> reasons = new java.util.EnumMap<>(CloseReason.class);
		for (CloseReason r : CloseReason.values()) {
			reasons.put(r, 0L);
		}
		for (RouteStats s : perRoute.values()) {
			idle += s.idle();
			leased += s.leased();
			connecting += s.connecting();
			waiting += s.waiting();
			maxConnections = (int) Math.min(Integer.MAX_VALUE, (long) maxConnections + s.maxConnections());
			opened += s.opened();
			closedCount += s.closed();
			requests += s.requests();
			reused += s.reusedRequests();
			retries += s.retries();
			leaks += s.leaks();
			failures += s.connectFailures();
			drainsReused += s.drainsReused();
			drainsClosed += s.drainsClosed();
			s.closedByReason().forEach((r, n) -> reasons.merge(r, n, Long::sum));
		}
		RouteStats r = retiredCounters;
		opened += r.opened();
		closedCount += r.closed();
		requests += r.requests();
		reused += r.reusedRequests();
		retries += r.retries();
		leaks += r.leaks();
		failures += r.connectFailures();
		drainsReused += r.drainsReused();
		drainsClosed += r.drainsClosed();
		r.closedByReason().forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
		return new RouteStats(idle, leased, connecting, waiting, maxConnections, this.config.maxIdleTotal(), opened,
				closedCount, requests, reused, retries, leaks, failures, drainsReused, drainsClosed,
				java.util.Collections.unmodifiableMap(reasons), this.config.hostDefaults().idleTimeout(), null, null,
				this.config.hostDefaults().idleTimeout(), null);
	}

	public boolean isClosed() {
		this.lock.lock();
		try {
			return this.closed;
		}
		finally {
			unlock();
		}
	}

	/**
	 * Closes the pool: idle connections now, leased ones when released; waiters and new requests fail with
	 * {@link TransportClosedException}. Idempotent.
	 */
	@Override
	public void close() {
		List<PooledConnection> idle = new ArrayList<>();
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			for (RouteState rs : this.routes.values()) {
				for (PooledConnection c : rs.idle) {
					rs.countClose(CloseReason.TRANSPORT_CLOSED);
					c.routeState = null;
					idle.add(c);
				}
				rs.idle.clear();
				for (Waiter w : rs.waiters) {
					wake(w);
				}
				rs.waiters.clear();
			}
			this.lru.clear();
			this.evictorWake.signal();
		}
		finally {
			unlock();
		}
		for (PooledConnection c : idle) {
			closeOne(c.route(), c, CloseReason.TRANSPORT_CLOSED);
		}
	}

	/** Closes one connection taken out of the books for a probe failure: counts the close, frees the slot. */
	private void releaseUncounted(PooledConnection c, CloseReason reason) {
		release(c, reason);
		this.lock.lock();
		try {
			RouteState rs = this.routes.get(c.route());
			if (rs != null) {
				// the request that leased it never used it
				rs.requests--;
				rs.reusedRequests--;
			}
		}
		finally {
			unlock();
		}
	}

	private void closeAll(Route route, List<PooledConnection> cs, List<CloseReason> reasons) {
		if (cs != null) {
			for (int i = 0; i < cs.size(); i++) {
				closeOne(route, cs.get(i), reasons.get(i));
			}
		}
	}

	private void closeOne(Route route, PooledConnection c, CloseReason reason) {
		c.closeSocket();
		for (PoolListener l : this.listeners) {
			l.connectionClosed(route, reason);
		}
	}

	private void fireAcquired(Route route, boolean reused, long waitNanos) {
		for (PoolListener l : this.listeners) {
			l.acquired(route, reused, waitNanos);
		}
	}

	private static TransportClosedException closedException(Route route) {
		return new TransportClosedException("eofpool transport is closed: request to " + route + " refused");
	}

	/** For tests: idle connections per route, in reuse order. */
	List<PooledConnection> idleOf(Route route) {
		this.lock.lock();
		try {
			RouteState rs = this.routes.get(route);
			return (rs != null) ? new ArrayList<>(rs.idle) : List.of();
		}
		finally {
			unlock();
		}
	}

}
