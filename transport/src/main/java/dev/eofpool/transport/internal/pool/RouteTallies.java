package dev.eofpool.transport.internal.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;

/**
 * The figures that are not pooling (leaks, drains, the last error), kept per route off the pool's lock: the pool's
 * first listener, fed by the events exchanges report. A route's tally exists while the pool knows the route: the
 * pool opens it when it creates the route's state and forgets it with that state.
 * <p>
 * Race: an event that arrives after its route was forgotten (a drain reported just as the evictor drops a route that
 * has been empty for the retention time) finds no tally and is not counted, as the route's other figures are gone too.
 */
final class RouteTallies implements PoolListener {

	/** One route's tally; each figure is atomic on its own, so readers see each one current. */
	static final class Tally {

		private final AtomicLong leaks = new AtomicLong();

		private final AtomicLong drainsReused = new AtomicLong();

		private final AtomicLong drainsClosed = new AtomicLong();

		private volatile String lastError;

		long leaks() {
			return this.leaks.get();
		}

		long drainsReused() {
			return this.drainsReused.get();
		}

		long drainsClosed() {
			return this.drainsClosed.get();
		}

		String lastError() {
			return this.lastError;
		}
	}

	// concurrent: read by events off the lock; entries put and removed by the pool under its lock
	private final ConcurrentHashMap<Route, Tally> tallies = new ConcurrentHashMap<>();

	/** A fresh tally for a route the pool starts to track. */
	Tally open(Route route) {
		Tally t = new Tally();
		this.tallies.put(route, t);
		return t;
	}

	/** Drops the tally of a route the pool forgot. */
	void forget(Route route) {
		this.tallies.remove(route);
	}

	@Override
	public void leakDetected(Route route, Duration held) {
		Tally t = this.tallies.get(route);
		if (t != null) {
			t.leaks.incrementAndGet();
		}
	}

	@Override
	public void drained(Route route, boolean reused) {
		Tally t = this.tallies.get(route);
		if (t != null) {
			(reused ? t.drainsReused : t.drainsClosed).incrementAndGet();
		}
	}

	@Override
	public void requestFailed(Route route, CloseReason reason, IOException error) {
		lastError(route, error.getMessage());
	}

	@Override
	public void connectFailed(Route route, IOException error) {
		lastError(route, String.valueOf(error.getMessage()));
	}

	private void lastError(Route route, String message) {
		Tally t = this.tallies.get(route);
		if (t != null) {
			t.lastError = message;
		}
	}
}
