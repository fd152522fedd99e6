package dev.eofpool.sample.demo;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;

/**
 * The pool's counters for one route at one moment, and the difference between two moments: what a demo run did to
 * the pool as the pool itself accounts it.
 *
 * @param opened connections opened
 * @param requests requests that got a connection
 * @param reusedRequests of those, requests on a connection already used before
 * @param retries requests sent a second time on a fresh connection
 * @param drainsReused bodies closed early, drained, connection reused
 * @param drainsClosed bodies closed early whose connection was closed
 * @param closedByReason connections closed, by reason (as the metrics' {@code reason} tag), only reasons seen
 */
public record RouteCounts(long opened, long requests, long reusedRequests, long retries, long drainsReused,
		long drainsClosed, Map<String, Long> closedByReason) {

	/** The counters of {@code route} now (all zero before its first request). */
	static RouteCounts of(HttpTransport transport, Route route) {
		RouteStats stats = transport.stats().routes().get(route);
		if (stats == null) {
			return new RouteCounts(0, 0, 0, 0, 0, 0, Map.of());
		}
		Map<String, Long> closes = new TreeMap<>();
		stats.closedByReason().forEach((reason, count) -> {
			if (count > 0) {
				closes.put(tag(reason), count);
			}
		});
		return new RouteCounts(stats.opened(), stats.requests(), stats.reusedRequests(), stats.retries(),
				stats.drainsReused(), stats.drainsClosed(), closes);
	}

	/** What happened between {@code before} and this. */
	RouteCounts since(RouteCounts before) {
		Map<String, Long> closes = new TreeMap<>();
		this.closedByReason.forEach((reason, count) -> {
			long delta = count - before.closedByReason.getOrDefault(reason, 0L);
			if (delta > 0) {
				closes.put(reason, delta);
			}
		});
		return new RouteCounts(this.opened - before.opened, this.requests - before.requests,
				this.reusedRequests - before.reusedRequests, this.retries - before.retries,
				this.drainsReused - before.drainsReused, this.drainsClosed - before.drainsClosed, closes);
	}

	private static String tag(CloseReason reason) {
		return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
