package dev.eofpool.spring.health;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * Counts each host's connect failures in a row, reset by a successful connect. Fed by pool events, which come only
 * when connecting (never per request on a pooled connection).
 */
final class ConnectFailures implements PoolListener {

	private final Ticker ticker;

	private final ConcurrentHashMap<Route, State> byRoute = new ConcurrentHashMap<>();

	ConnectFailures(Ticker ticker) {
		this.ticker = ticker;
	}

	@Override
	public void connectFailed(Route route, IOException error) {
		State state = this.byRoute.computeIfAbsent(route, (r) -> new State());
		// race: a concurrent success may reset the count between these two writes; the next event corrects it
		state.inARow.incrementAndGet();
		state.lastFailure = this.ticker.nanoTime();
	}

	@Override
	public void dialAttemptFailed(Route route, InetAddress address, IOException error) {
		State state = this.byRoute.computeIfAbsent(route, (r) -> new State());
		state.addresses.put(address.getHostAddress(), this.ticker.nanoTime());
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

		/** Address text to when an attempt on it last failed. */
		final ConcurrentHashMap<String, Long> addresses = new ConcurrentHashMap<>();

	}

}
