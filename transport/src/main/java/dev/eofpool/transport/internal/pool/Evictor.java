package dev.eofpool.transport.internal.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.LongUnaryOperator;

import dev.eofpool.transport.Ticker;

/**
 * Retires idle connections past their deadlines and forgets routes left empty. The step, {@link #evictExpired(long)},
 * takes the time as a parameter and returns the delay until the next deadline, so tests drive it with literal times;
 * with background eviction a daemon thread loops around it, sleeping until that deadline or until the pool keeps a
 * connection with an earlier one ({@link #idleUntil}).
 */
final class Evictor {

	private static final System.Logger LOG = System.getLogger(Evictor.class.getName());

	private final PoolLock lock;

	private final IdleConnections idle;

	private final RouteTable routes;

	private final Ticker ticker;

	private final Condition wake;

	// pool lock: when the thread next wakes by itself, and how many early wake-ups were asked for
	private long wakeAt = Long.MAX_VALUE;

	private long signals;

	// pool lock: set when the pool closes; the thread then ends
	private boolean stopped;

	/** A step run by the thread before each eviction, without the lock (DNS refresh); returns its next delay. */
	private volatile LongUnaryOperator refresh;

	Evictor(PoolLock lock, IdleConnections idle, RouteTable routes, Ticker ticker) {
		this.lock = lock;
		this.idle = idle;
		this.routes = routes;
		this.ticker = ticker;
		this.wake = lock.newCondition();
	}

	/** Starts the background thread. */
	void start() {
		Thread thread = new Thread(this::loop, "eofpool-evictor");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Retires every idle connection past its idle timeout, server hint or lifetime at {@code now}, and forgets the
	 * routes left without connections for the retention time; the sockets are closed after the lock is released.
	 * @return nanoseconds until the next idle connection expires or route may be forgotten, or {@link Long#MAX_VALUE}
	 */
	long evictExpired(long now) {
		this.lock.lock();
		try {
			long next = Math.min(this.idle.expire(this.routes.all(), now, this.lock), this.routes.forgetEmpty(now));
			this.wakeAt = (next == Long.MAX_VALUE) ? Long.MAX_VALUE : now + next;
			return next;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A connection was kept idle until {@code deadline}: wakes the thread when that is before its plan. Lock held. */
	void idleUntil(long deadline) {
		if (deadline < this.wakeAt) {
			this.signals++;
			this.wake.signal();
		}
	}

	/**
	 * Runs {@code step} (given the time, returning nanoseconds until it is next due) on the thread before each
	 * eviction, without the pool lock: it may block (DNS resolution).
	 */
	void refreshWith(LongUnaryOperator step) {
		this.refresh = step;
		this.lock.lock();
		try {
			this.signals++;
			this.wake.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Ends the thread. Lock held. */
	void stop() {
		this.stopped = true;
		this.wake.signal();
	}

	private void loop() {
		while (true) {
			long signalsBefore;
			this.lock.lock();
			try {
				if (this.stopped) {
					return;
				}
				signalsBefore = this.signals;
			}
			finally {
				this.lock.unlock();
			}
			long delay;
			try {
				LongUnaryOperator step = this.refresh;
				long refreshDelay = (step != null) ? step.applyAsLong(this.ticker.nanoTime()) : Long.MAX_VALUE;
				delay = Math.min(refreshDelay, evictExpired(this.ticker.nanoTime()));
			}
			catch (RuntimeException ex) {
				LOG.log(System.Logger.Level.WARNING, "eofpool evictor failed; retrying in 1 s", ex);
				delay = TimeUnit.SECONDS.toNanos(1);
			}
			this.lock.lock();
			try {
				if (this.stopped) {
					return;
				}
				if (signalsBefore == this.signals) {
					// sleeps until the next deadline (at most an hour); a connection with an earlier one signals
					this.wake.awaitNanos(Math.min(delay, TimeUnit.HOURS.toNanos(1)) + 1_000_000);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			finally {
				this.lock.unlock();
			}
		}
	}
}
