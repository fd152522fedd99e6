package dev.eofpool.transport;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counters of one route since start (or of several routes added up with {@link #plus}): an immutable value.
 * Every counter only grows, so two snapshots can be subtracted to see what happened between them.
 *
 * @param opened connections opened
 * @param requests requests whose exchange ended (a request sent again on a fresh connection counts twice)
 * @param reusedRequests of those, requests on a connection already used before
 * @param retries requests sent a second time on a fresh connection
 * @param leaks response bodies found abandoned
 * @param connectFailures failed connection attempts
 * @param drainsReused early-closed bodies drained so the connection was reused
 * @param drainsClosed early-closed bodies whose connection was closed instead
 * @param closedByReason connections closed, by reason (every reason present, zero when none)
 */
public record RouteCounters(long opened, long requests, long reusedRequests, long retries, long leaks,
		long connectFailures, long drainsReused, long drainsClosed, Map<CloseReason, Long> closedByReason) {

	/** No event yet. */
	public static final RouteCounters ZERO = new RouteCounters(0, 0, 0, 0, 0, 0, 0, 0, Map.of());

	/** Copies the closes into an unmodifiable map holding every reason (missing ones as zero). */
	public RouteCounters {
		Map<CloseReason, Long> all = new EnumMap<>(CloseReason.class);
		for (CloseReason reason : CloseReason.values()) {
			Long n = closedByReason.get(reason);
			all.put(reason, (n != null) ? n : 0L);
		}
		closedByReason = Collections.unmodifiableMap(all);
	}

	/** Connections closed, for every reason together. */
	public long closed() {
		long sum = 0;
		for (long n : this.closedByReason.values()) {
			sum += n;
		}
		return sum;
	}

	/** Connections closed for {@code reason}. */
	public long closed(CloseReason reason) {
		return this.closedByReason.get(reason);
	}

	/** This and {@code other} added up, counter by counter: the one place where counters are summed. */
	public RouteCounters plus(RouteCounters other) {
		Map<CloseReason, Long> closes = new EnumMap<>(this.closedByReason);
		other.closedByReason.forEach((reason, n) -> closes.merge(reason, n, Long::sum));
		return new RouteCounters(this.opened + other.opened, this.requests + other.requests,
				this.reusedRequests + other.reusedRequests, this.retries + other.retries, this.leaks + other.leaks,
				this.connectFailures + other.connectFailures, this.drainsReused + other.drainsReused,
				this.drainsClosed + other.drainsClosed, closes);
	}
}
