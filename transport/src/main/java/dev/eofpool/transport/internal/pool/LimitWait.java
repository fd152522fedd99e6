package dev.eofpool.transport.internal.pool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

import dev.eofpool.transport.ExhaustionPolicy;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * A thread's wait at a route's limit: whether it may wait at all (the exhaustion policy, a closed pool, a wait that
 * could never end), the wait itself (parked without the lock, in the route's {@link WaitQueue}, up to the acquire
 * timeout on the ticker), and its end by timeout or interrupt, which leaves no trace in the pool.
 */
final class LimitWait {

	private final PoolLock lock;

	private final Ticker ticker;

	private final RouteTable routes;

	private final Returns returns;

	private final IdleConnections idle;

	private final ExhaustionMessages messages;

	LimitWait(PoolLock lock, Ticker ticker, RouteTable routes, Returns returns, IdleConnections idle,
			ExhaustionMessages messages) {
		this.lock = lock;
		this.ticker = ticker;
		this.routes = routes;
		this.returns = returns;
		this.idle = idle;
		this.messages = messages;
	}

	/**
	 * Queues the calling thread at the route's limit, or, when the route is below its limit but the pool is at its
	 * total ({@code maxConnectionsTotal}) with nothing idle to close, in the pool-wide queue for the total. The
	 * acquire calls it in the same hold of the lock as its own decision (the lock is reentrant).
	 * @param now the time under that hold, on the ticker, which the acquire already read
	 * @param from when the wait is timed from: {@code now}, or the acquire's start once an earlier wait of the same
	 * acquire ended with "look again", so one acquire timeout bounds the whole acquire
	 * @return its wait, or {@code null} when the route has an idle connection or a free slot again (look again)
	 * @throws IOException when the pool is closed, the policy is fail-fast, the route already has its
	 * {@code maxWaiters} waiting, or this thread holds every connection of the route (its wait could never end)
	 */
	Waiter enqueue(RouteState rs, long now, long from) throws IOException {
		Route route = rs.route;
		HostSettings settings = rs.settings;
		this.lock.lock();
		try {
			// state may have changed since the decision: look again before waiting
			if (this.routes.isClosed()) {
				throw ConnectionPool.closedException(route);
			}
			boolean atTotal = rs.total() < settings.maxConnections();
			if (atTotal && rs.cap.hasRoom() && rs.cap.hasWaiters()) {
				// room left by a close that granted no slot goes to the requests that waited first
				rs.cap.grantSlot(this.lock);
			}
			if (rs.idleCount() > 0 || atTotal && (rs.cap.hasRoom() && !rs.cap.hasWaiters() || !this.idle.isEmpty())) {
				return null;
			}
			if (settings.exhaustionPolicy() == ExhaustionPolicy.FAIL_FAST) {
				throw new PoolExhaustedException(route, this.messages.failFast(route, settings, atTotal ? rs.cap.max() : -1));
			}
			if (rs.waiting() >= settings.maxWaiters()) {
				throw new PoolExhaustedException(route,
						this.messages.tooManyWaiters(route, settings, rs.waiting(), atTotal ? rs.cap.max() : -1));
			}
			long timeout = settings.acquireTimeout().toNanos();
			if (atTotal) {
				return timed(rs.cap.enqueue(rs), from, timeout);
			}
			if (rs.connecting == 0 && allLeasedBy(rs, Thread.currentThread())) {
				throw new PoolExhaustedException(route, this.messages.heldByCaller(route, settings));
			}
			if (from == now) {
				return rs.waiters().enqueue(now, timeout);
			}
			// queued again with what is left of its timeout, an earlier deadline than its place in the queue says: it
			// times its own wait (the keeper watches the deadlines of waiters queued with a whole timeout)
			return timed(rs.waiters().enqueue(), from, timeout);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Parks until the wait is over (then {@code w} holds a connection, a slot, or neither when the pool closed), or
	 * ends it at the acquire timeout or interrupt, unless it ended just then (then it returns as if it had not).
	 * @param start when the acquire began, on the ticker, for the timeout's message
	 * @throws PoolExhaustedException at the timeout
	 * @throws InterruptedIOException when interrupted (the interrupt status is kept; what came is given back)
	 */
	void await(RouteState rs, Waiter w, long start) throws IOException {
		if (w.watched ? parkWatched(rs, w) : w.park(this.ticker, this)) {
			return;
		}
		Route route = rs.route;
		boolean interrupted = Thread.currentThread().isInterrupted();
		this.lock.lock();
		try {
			if (!interrupted) {
				if (w.done) {
					return;
				}
				remove(rs, w);
				long elapsed = TimeUnit.NANOSECONDS.toMillis(this.ticker.nanoTime() - start);
				throw new PoolExhaustedException(route, this.messages.timedOut(route, rs.settings, elapsed,
						rs.waiting(), (w.capRoute != null) ? rs.cap.max() : -1));
			}
			remove(rs, w);
			if (w.connection != null) {
				// handed over while we were being interrupted: give it back as if never taken
				PooledConnection c = w.connection;
				rs.endLease(c);
				c.leaseOwner = null;
				this.returns.keep(rs, c, this.ticker.nanoTime());
			}
			else if (w.slotGranted) {
				rs.unreserve();
				rs.grantSlot(this.lock);
			}
			throw new InterruptedIOException("Interrupted while waiting for a connection to " + route);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Parks a waiter of the route's own queue ({@link Waiter#parkWatched}), keeping the queue's watch while it is the
	 * keeper.
	 * @return whether the wait is over; {@code false} at the timeout or interrupt
	 */
	private boolean parkWatched(RouteState rs, Waiter w) {
		for (;;) {
			Waiter.Parked parked = w.parkWatched(this.ticker, this);
			if (parked != Waiter.Parked.WATCH) {
				return parked == Waiter.Parked.DONE;
			}
			this.lock.lock();
			try {
				if (w.done) {
					return true;
				}
				rs.waiters().watch(w, this.ticker.nanoTime(), this.lock);
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** Times {@code w}'s own wait: it ends {@code timeoutNanos} after {@code from} on the ticker. Lock held. */
	private static Waiter timed(Waiter w, long from, long timeoutNanos) {
		w.enqueuedAt = from;
		w.timeoutNanos = timeoutNanos;
		return w;
	}

	private void remove(RouteState rs, Waiter w) {
		if (w.capRoute != null) {
			rs.cap.remove(w);
		}
		else {
			rs.waiters().remove(w);
			rs.waiters().appointKeeper(this.lock);
		}
	}

	private static boolean allLeasedBy(RouteState rs, Thread thread) {
		if (rs.leasedCount() == 0) {
			return false;
		}
		for (PooledConnection c : rs.leased()) {
			if (c.leaseOwner != thread) {
				return false;
			}
		}
		return true;
	}
}
