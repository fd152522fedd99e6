package dev.eofpool.transport.internal.pool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.DrainResult;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportClosedException;
import dev.eofpool.transport.TransportConfig;

/**
 * Lends connections and takes them back: per-route limits with fair (FIFO) waiting, hand-over of a released
 * connection to the first waiter, and the per-route and pool-wide idle limits. This class leases (reuse, probe, dial)
 * and hands the rest to its parts: {@link LimitWait} and {@link WaitQueue} (waiting at the limit), {@link Returns}
 * (ending leases), {@link IdleConnections}, {@link Evictor}, {@link RouteTable} (routes, settings, snapshots),
 * {@link IdleTimeoutLearner}, {@link TotalCap} (the pool-wide limit and its FIFO queue across routes), {@link SlotDial}
 * (connecting in a reserved slot), and
 * {@link PoolEvents} (listeners, the first being {@link RouteTallies}). Operating the pool by host (drain, warm-up) is
 * {@link HostOperations}'s job, retiring the addresses DNS dropped {@link AddressRetirement}'s.
 * <p>
 * Habit: every decision is made under the {@link PoolLock}; sockets are closed, listeners called and waiters woken
 * after it is released, and connections are dialled without it. The pool never decides that a connection is reusable:
 * only a {@link ReleaseOutcome} without a close reason, which the exchange gives only from the body's EOF path, lets it
 * keep one. Each request is counted once, when its lease ends ({@link #release}, {@link #replace}).
 * <p>
 * Invariant (checked by tests at quiescence): opened - closed = idle + leased, per route and in total; and a route
 * with waiters has no idle connection (released connections are handed to the first waiter directly).
 *
 * @param <C> the connections it lends (what its dialers open)
 */
public final class ConnectionPool<C extends PooledConnection> implements AutoCloseable {

	/** Opens a connection for a route; called without the pool lock, with a slot reserved. */
	@FunctionalInterface
	public interface Dialer<C extends PooledConnection> {

		C dial(Route route) throws IOException;
	}

	private final Class<C> type;

	private final Ticker ticker;

	private final long validateAfterNanos;

	private final RouteTallies tallies = new RouteTallies();

	private final PoolEvents events;

	private final PoolLock lock;

	// the parts' mutable state is guarded by the pool lock (RouteTable's settings cache and RouteTallies excepted)
	private final RouteTable routes;

	private final IdleConnections idle;

	private final Evictor evictor;

	private final Returns returns;

	private final LimitWait waits;

	private final HostOperations<C> operations;

	private final AddressRetirement addresses;

	private final SlotDial<C> slots;

	/** @param type the class of the connections its dialers open (every connection it lends is one) */
	public ConnectionPool(TransportConfig config, Class<C> type) {
		this.type = type;
		this.ticker = config.ticker();
		this.events = new PoolEvents(this.tallies, this.ticker);
		this.lock = new PoolLock(this.events);
		this.validateAfterNanos = config.validateAfterIdle().toNanos();
		this.routes = new RouteTable(config, this.tallies);
		this.idle = new IdleConnections(config.maxIdleTotal());
		this.evictor = new Evictor(this.lock, this.idle, this.routes, this.ticker);
		this.returns = new Returns(this.lock, this.ticker, this.routes, this.idle, this.evictor);
		this.waits = new LimitWait(this.lock, this.ticker, this.routes, this.returns, this.idle,
				new ExhaustionMessages(config));
		this.operations = new HostOperations<>(this.lock, this.ticker, this.routes, this.idle, this.returns, this.events);
		this.addresses = new AddressRetirement(this.lock, this.routes, this.idle, this.events, this.evictor);
		this.slots = new SlotDial<>(this.lock, this.ticker, this.routes, this.events);
		if (config.backgroundEviction()) {
			this.evictor.start();
		}
	}

	/** Adds a listener of pool events; it is called on the thread of each event, never under the lock. */
	public void addListener(PoolListener listener) {
		this.events.add(listener);
	}

	/** Removes a listener added before. */
	public void removeListener(PoolListener listener) {
		this.events.remove(listener);
	}

	/** Drains and warms hosts: the operations on the pool's connections by host, beside leasing. */
	public HostOperations<C> operations() {
		return this.operations;
	}

	/** Retires connections to the addresses a DNS refresh dropped and passes on address and dial events. */
	public AddressRetirement addresses() {
		return this.addresses;
	}

	/** The settings in force for a route (cached). */
	public HostSettings settings(Route route) {
		return this.routes.settings(route);
	}

	/**
	 * Leases a connection of the route: the most recently used idle one that is still usable, else a new one when the
	 * route is below its limit, else (by the exhaustion policy) the first one released or a slot freed, waiting in
	 * FIFO order up to the acquire timeout (measured on the ticker).
	 * @throws PoolExhaustedException at the limit (timeout, fail-fast, or a wait that could never end)
	 * @throws InterruptedIOException when interrupted while waiting (the pool keeps no trace of the wait)
	 * @throws TransportClosedException when the pool is closed
	 * @throws IOException when connecting fails
	 */
	public C acquire(Route route, Dialer<C> dialer) throws IOException {
		return acquire(route, dialer, CallListener.NONE);
	}

	/**
	 * {@link #acquire(Route, Dialer)}, telling {@code listener} which connection the call got, how long it had been
	 * idle and how long the call waited for it (connecting excluded).
	 */
	public C acquire(Route route, Dialer<C> dialer, CallListener listener) throws IOException {
		long start = this.ticker.nanoTime();
		// one lookup, without the lock; use() checks under the lock that the state found is still the route's
		RouteState found = this.routes.find(route);
		HostSettings settings = (found != null) ? found.settings : this.routes.settings(route);
		long before = start;
		boolean waited = false;
		for (;;) {
			PooledConnection candidate = null;
			boolean dial = false;
			Waiter w = null;
			IOException refused = null;
			RouteState rs = null;
			long now = 0;
			// a lock taken at once is taken at the time read just before: no second read (the lease's one clock read)
			boolean atOnce = this.lock.lock();
			try {
				rs = this.routes.use(found, route, settings);
				if (rs != null) {
					now = atOnce ? before : this.ticker.nanoTime();
					candidate = this.idle.take(rs, now, this.lock);
					if (candidate != null) {
						rs.lease(candidate, now, Thread.currentThread());
						candidate.idleAgeAtLease = now - candidate.idleSince;
					}
					else if (rs.total() < settings.maxConnections()
							&& (rs.cap.hasRoom() && !rs.cap.hasWaiters() || this.idle.retireLeastRecent(this.lock))) {
						// at the total, another route's least recently used idle connection made room
						rs.reserve();
						dial = true;
					}
					else {
						// at the limit: queued in this same hold of the lock, so a wait costs one trip through it
						try {
							// after a wait that ended in "look again", timed from the start: one deadline per acquire
							w = this.waits.enqueue(rs, now, waited ? start : now);
						}
						catch (IOException ex) {
							refused = ex;
						}
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			if (rs == null) {
				throw this.events.acquireFailed(route, AcquireOutcome.ERROR, start, closedException(route));
			}
			if (refused != null) {
				throw this.events.acquireFailed(route, AcquireOutcome.ERROR, start, refused);
			}
			if (candidate != null) {
				// read by the thread that leased it: this lease wrote it
				long got = now;
				if (candidate.idleAgeAtLease >= this.validateAfterNanos) {
					CloseReason dead = candidate.probe();
					if (dead != null) {
						this.returns.discard(rs, candidate, dead);
						before = this.ticker.nanoTime();
						continue;
					}
					got = this.ticker.nanoTime(); // the probe's time is part of the wait
				}
				this.events.acquired(route, true, candidate.idleAgeAtLease, got - start, listener);
				return this.type.cast(candidate);
			}
			C c = dial ? this.slots.dial(rs, dialer, start, listener)
					: (w != null) ? await(rs, w, dialer, start, listener) : null;
			if (c != null) {
				return c;
			}
			waited |= w != null;
			before = this.ticker.nanoTime(); // looking again, later
		}
	}

	/**
	 * Waits in {@code w}, queued at the route's limit, parked without the lock, for a connection handed over or a slot
	 * freed.
	 * @return the connection, or {@code null} when woken to look again
	 */
	private C await(RouteState rs, Waiter w, Dialer<C> dialer, long start, CallListener listener) throws IOException {
		Route route = rs.route;
		try {
			this.waits.await(rs, w, start);
		}
		catch (InterruptedIOException ex) {
			throw this.events.acquireFailed(route, AcquireOutcome.INTERRUPTED, start, ex);
		}
		catch (PoolExhaustedException ex) {
			throw this.events.acquireFailed(route, AcquireOutcome.TIMEOUT, start, ex);
		}
		if (w.connection != null) {
			this.events.acquired(route, true, 0, this.ticker.nanoTime() - start, listener);
			return this.type.cast(w.connection);
		}
		if (w.lookAgain) {
			return null;
		}
		if (!w.slotGranted) {
			throw this.events.acquireFailed(route, AcquireOutcome.ERROR, start, closedException(route));
		}
		return this.slots.dial(rs, dialer, start, listener);
	}

	/**
	 * Ends a lease and counts its request; an outcome without a close reason (given only from the body's EOF path)
	 * lets the pool hand the connection over or keep it idle, any other closes it.
	 * @return whether the connection was kept (idle or handed to a waiter) rather than closed
	 * @see Returns#release
	 */
	public boolean release(PooledConnection c, ReleaseOutcome outcome) {
		return this.returns.release(c, outcome);
	}

	/**
	 * Closes a connection whose request failed before any response byte on reuse (counting its request and a retry)
	 * and opens a fresh one in the same slot, so the retry neither waits behind other requests nor exceeds the limit.
	 * A {@link CloseReason#SERVER_CLOSED_IDLE} teaches the route's idle timeout.
	 */
	public C replace(PooledConnection failed, CloseReason reason, RetryReason retry, Dialer<C> dialer)
			throws IOException {
		return replace(failed, reason, retry, dialer, CallListener.NONE);
	}

	/** {@link #replace(PooledConnection, CloseReason, RetryReason, Dialer)}, telling {@code listener} as acquire does. */
	public C replace(PooledConnection failed, CloseReason reason, RetryReason retry, Dialer<C> dialer,
			CallListener listener) throws IOException {
		long start = this.ticker.nanoTime();
		RouteState rs = this.returns.endForRetry(failed, reason);
		if (rs == null) {
			throw closedException(failed.route());
		}
		this.events.retried(failed.route(), retry);
		return this.slots.dial(rs, dialer, start, listener);
	}

	/**
	 * Closes a connection whose response body was abandoned; the listeners count the leak.
	 * @return how long it had been leased, or -1 when it was no longer leased (nothing done)
	 */
	public long leaked(PooledConnection c) {
		return this.events.leaked(c.route(), this.returns.leaked(c));
	}

	/** Reports an early-closed body that was drained ({@code reused}) or whose connection was closed. No lock. */
	public void drained(Route route, boolean reused) {
		this.events.drained(route, reused);
	}

	/** Reports a request that failed on a connection of the route (its last error, for health). No lock. */
	public void requestFailed(Route route, CloseReason reason, IOException error) {
		this.events.requestFailed(route, reason, error);
	}

	/** For tests: records that the route's server had closed a connection idle for {@code idleNanos}. */
	void serverClosedIdle(Route route, long idleNanos) {
		this.lock.run(() -> {
			RouteState rs = this.routes.get(route);
			if (rs != null) {
				rs.serverClosedIdle(idleNanos);
			}
		});
	}

	/**
	 * Runs the evictor's step at {@code now} (tests drive eviction by hand this way).
	 * @return nanoseconds until the next deadline, or {@link Long#MAX_VALUE}
	 * @see Evictor#evictExpired(long)
	 */
	public long evictExpired(long now) {
		return this.evictor.evictExpired(now);
	}

	/** A consistent snapshot of every route and the total (leaks, drains and errors as counted so far). */
	public PoolStats stats() {
		return this.lock.call(this.routes::snapshot);
	}

	/** Whether {@link #close()} was called. */
	public boolean isClosed() {
		return this.lock.call(this.routes::isClosed);
	}

	/**
	 * Closes the pool: idle connections now, leased ones when released; waiters and new requests fail with
	 * {@link TransportClosedException}. Idempotent.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			if (this.routes.isClosed()) {
				return;
			}
			this.routes.close();
			for (RouteState rs : this.routes.all()) {
				this.idle.retireAll(rs, CloseReason.TRANSPORT_CLOSED, this.lock);
				rs.wakeAll(this.lock);
			}
			this.routes.cap.wakeAll(this.lock);
			this.evictor.stop();
		}
		finally {
			this.lock.unlock();
		}
	}

	static TransportClosedException closedException(Route route) {
		return new TransportClosedException("eofpool transport is closed: request to " + route + " refused");
	}

	/** For tests: {@link HostOperations#drain}. */
	DrainResult drain(String hostPort, Duration refuseFor) {
		return this.operations.drain(hostPort, refuseFor);
	}

	/** For tests: {@link HostOperations#warm}. */
	boolean warm(Route route, Dialer<C> dialer, int target) throws IOException {
		return this.operations.warm(route, dialer, target);
	}

	/** For tests: the pool's lock, to hold it while another thread leases or returns. */
	PoolLock lock() {
		return this.lock;
	}

	/** For tests: idle connections per route, in reuse order. */
	List<PooledConnection> idleOf(Route route) {
		return this.lock.call(() -> {
			RouteState rs = this.routes.get(route);
			List<PooledConnection> out = new ArrayList<>();
			if (rs != null) {
				rs.idle().forEach(out::add);
			}
			return out;
		});
	}
}
