package dev.eofpool.spring.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.eofpool.transport.Route;

/**
 * Remembers since when each host has had too many callers waiting, as seen by consecutive health checks: any check
 * that sees fewer ends the episode. Sampled, so the duration is as precise as the interval between checks.
 */
final class Saturation {

	private final int threshold;

	private final long durationNanos;

	private final ConcurrentHashMap<Route, Long> since = new ConcurrentHashMap<>();

	Saturation(int threshold, long durationNanos) {
		this.threshold = threshold;
		this.durationNanos = durationNanos;
	}

	/** Records what a check saw; returns since when (nanoseconds) the host has been saturated, or -1 when it is not. */
	long observe(Route route, int waiting, long now) {
		if (waiting < this.threshold) {
			this.since.remove(route);
			return -1;
		}
		Long start = this.since.putIfAbsent(route, now);
		return (start != null) ? start : now;
	}

	/** Forgets the hosts not in {@code routes} (the latest snapshot's): the pool forgot them, with their waiters. */
	void retain(Set<Route> routes) {
		this.since.keySet().retainAll(routes);
	}

	/** Whether a host saturated since {@code start} has been so long enough to report at {@code now}. */
	boolean reported(long start, long now) {
		return start >= 0 && now - start >= this.durationNanos;
	}

}
