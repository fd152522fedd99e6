package dev.eofpool.spring.health;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * Counts each host's connect failures in a row, reset by a successful connect. Fed by pool events, which come only
 * when connecting (never per request on a pooled connection). {@link #prune} forgets what no longer counts, so memory
 * follows the pool's routes, not every host that ever failed.
 */
final class ConnectFailures implements PoolListener {

	private final Ticker ticker;

	private final ConcurrentHashMap<Route, State> byRoute = new ConcurrentHashMap<>();

	ConnectFailures(Ticker ticker) {
		this.ticker = ticker;
	}

	@Override
	public void connectFailed(Route route, IOException error) {
		long now = this.ticker.nanoTime();
		State state = state(route, now);
		// race: a concurrent success may reset the count between these two writes; the next event corrects it
		state.inARow.incrementAndGet();
		state.lastFailure = now;
		state.lastEvent = now;
	}

	@Override
	public void dialAttemptFailed(Route route, InetAddress address, IOException error) {
		long now = this.ticker.nanoTime();
		State state = state(route, now);
		state.addresses.put(address.getHostAddress(), now);
		state.lastEvent = now;
	}

	private State state(Route route, long now) {
		State state = this.byRoute.get(route);
		return (state != null) ? state : this.byRoute.computeIfAbsent(route, (r) -> new State(now));
	}

	/**
	 * Forgets the routes whose last failure is older than {@code windowNanos} at {@code now} and that either have left
	 * the pool (not in {@code routes}, the latest snapshot's) or have no failures in a row left to count. A failure
	 * after the snapshot was taken is recent, so it is kept even for a route the snapshot did not hold yet.
	 * <p>
	 * Race: a failure recorded on a state at the moment it is forgotten is lost; the state is old by then, so that
	 * takes a route used again just as its last failure leaves the window, and it costs one failure of the next run.
	 */
	void prune(Set<Route> routes, long now, long windowNanos) {
		for (Map.Entry<Route, State> entry : this.byRoute.entrySet()) {
			State state = entry.getValue();
			if (now - state.lastEvent > windowNanos
					&& (state.inARow.get() == 0 || !routes.contains(entry.getKey()))) {
				this.byRoute.remove(entry.getKey(), state);
			}
		}
	}

	/** Routes with a state. For tests. */
	int size() {
		return this.byRoute.size();
	}

	/** The route's addresses whose last failed attempt is at most {@code windowNanos} old at {@code now}, sorted. */
	List<String> recentAddresses(Route route, long now, long windowNanos) {
		State state = this.byRoute.get(route);
		if (state == null || state.addresses.isEmpty()) {
			return List.of();
		}
		List<String> recent = new ArrayList<>();
		state.addresses.forEach((address, at) -> {
			if (now - at <= windowNanos) {
				recent.add(address);
			}
		});
		// stale entries go, so the map holds only addresses failing within the window
		state.addresses.values().removeIf((at) -> now - at > windowNanos);
		Collections.sort(recent);
		return recent;
	}

	@Override
	public void connectionOpened(Route route) {
		State state = this.byRoute.get(route);
		if (state != null) {
			state.inARow.set(0);
		}
	}

	/** Failures in a row for the route, or 0 when the last one is older than {@code windowNanos} at {@code now}. */
	int recent(Route route, long now, long windowNanos) {
		State state = this.byRoute.get(route);
		if (state == null) {
			return 0;
		}
		int count = state.inARow.get();
		return (count > 0 && now - state.lastFailure <= windowNanos) ? count : 0;
	}

	private static final class State {

		final AtomicInteger inARow = new AtomicInteger();

		volatile long lastFailure;

		/** When a connect or one of its attempts last failed (on the ticker). */
		volatile long lastEvent;

		State(long now) {
			this.lastEvent = now;
			this.lastFailure = now;
		}

		/** Address text to when an attempt on it last failed. */
		final ConcurrentHashMap<String, Long> addresses = new ConcurrentHashMap<>();

	}

}
