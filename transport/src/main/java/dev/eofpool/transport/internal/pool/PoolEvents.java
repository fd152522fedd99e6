package dev.eofpool.transport.internal.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * Tells the pool's listeners what happened, on the calling thread and never under the pool's lock. The first listener
 * is always the pool's own {@link RouteTallies}.
 */
final class PoolEvents {

	// copied on change, so an event walks an array: nothing allocated per event (an iterator was, on every lease)
	private final AtomicReference<PoolListener[]> listeners = new AtomicReference<>(new PoolListener[0]);

	private final Ticker ticker;

	PoolEvents(RouteTallies tallies, Ticker ticker) {
		add(tallies);
		this.ticker = ticker;
	}

	void add(PoolListener listener) {
		this.listeners.updateAndGet((now) -> {
			PoolListener[] next = Arrays.copyOf(now, now.length + 1);
			next[now.length] = listener;
			return next;
		});
	}

	/** Removes the first registration of {@code listener} (none if it was not added). */
	void remove(PoolListener listener) {
		this.listeners.updateAndGet((now) -> {
			List<PoolListener> next = new ArrayList<>(Arrays.asList(now));
			next.remove(listener);
			return next.toArray(new PoolListener[0]);
		});
	}

	/** Calls {@code event} on every listener. */
	void each(java.util.function.Consumer<PoolListener> event) {
		for (PoolListener l : this.listeners.get()) {
			event.accept(l);
		}
	}

	void opened(Route route) {
		for (PoolListener l : this.listeners.get()) {
			l.connectionOpened(route);
		}
	}

	void connectFailed(Route route, IOException error) {
		for (PoolListener l : this.listeners.get()) {
			l.connectFailed(route, error);
		}
	}

	/** Reports a dial that failed: the connect failure, then the acquire it ended after waiting {@code waitNanos}. */
	void dialFailed(Route route, IOException error, long waitNanos) {
		connectFailed(route, error);
		acquireFailed(route, AcquireOutcome.ERROR, waitNanos);
	}

	/** Closes the socket of a connection already out of the pool's books, then reports why. */
	void closed(PooledConnection c, CloseReason reason) {
		c.closeSocket();
		long lifetime = this.ticker.nanoTime() - c.createdNanos();
		for (PoolListener l : this.listeners.get()) {
			l.connectionClosed(c.route(), reason);
			l.connectionLifetime(c.route(), reason, lifetime);
		}
	}

	void acquired(Route route, boolean reused, long waitNanos) {
		for (PoolListener l : this.listeners.get()) {
			l.acquired(route, reused, waitNanos);
		}
	}

	/**
	 * Reports a lease to the pool's listeners and, unless it is {@link CallListener#NONE} (a field comparison, nothing
	 * else done), to the call's {@code listener}: reused or new, how long it had been idle, how long the call waited.
	 */
	void acquired(Route route, boolean reused, long idleNanos, long waitNanos, CallListener listener) {
		acquired(route, reused, waitNanos);
		if (listener != CallListener.NONE) {
			listener.connectionAcquired(route, reused, idleNanos, waitNanos);
		}
	}

	/** Tells the listeners that an acquire begun at {@code start} failed, and returns the failure to throw. */
	<T extends IOException> T acquireFailed(Route route, AcquireOutcome outcome, long start, T failure) {
		acquireFailed(route, outcome, this.ticker.nanoTime() - start);
		return failure;
	}

	void acquireFailed(Route route, AcquireOutcome outcome, long waitNanos) {
		for (PoolListener l : this.listeners.get()) {
			l.acquireFailed(route, outcome, waitNanos);
		}
	}

	void retried(Route route, RetryReason reason) {
		for (PoolListener l : this.listeners.get()) {
			l.retried(route, reason);
		}
	}

	/** Reports a leak of a connection held {@code heldNanos} (nothing when negative: it was no longer leased). */
	long leaked(Route route, long heldNanos) {
		if (heldNanos >= 0) {
			Duration held = Duration.ofNanos(heldNanos);
			for (PoolListener l : this.listeners.get()) {
				l.leakDetected(route, held);
			}
		}
		return heldNanos;
	}

	void drained(Route route, boolean reused) {
		for (PoolListener l : this.listeners.get()) {
			l.drained(route, reused);
		}
	}

	void requestFailed(Route route, CloseReason reason, IOException error) {
		for (PoolListener l : this.listeners.get()) {
			l.requestFailed(route, reason, error);
		}
	}
}
