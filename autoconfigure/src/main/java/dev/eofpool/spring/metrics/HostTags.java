package dev.eofpool.spring.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteCounters;
import dev.eofpool.transport.RouteStats;

/**
 * Gives each route its {@code host} tag value: its {@code host:port} for the first {@code max} distinct ones, then
 * {@link #OTHER} for every later one, so that calling many hosts cannot grow the number of time series without bound.
 * A host keeps the value it was first given for as long as the meters live, also when the pool forgets its route and
 * the route comes back later: a named host gets its name again, a host folded into {@link #OTHER} stays there, and
 * the {@code max} names are never handed on to other hosts (which would add series past the limit).
 * <p>
 * {@link #view} also keeps each tag's counters from going backwards when the pool forgets a route, which it does once
 * the route has had no connection for a while, keeping its counters only in the pool-wide total. It remembers each
 * route's counters of the last snapshot; when a route leaves the snapshots (or is back with counters started again,
 * forgotten and used again between two snapshots), those are added to the tag's retired counters, which every later
 * view of the tag includes. So counters summed over a tag, {@link #OTHER} included, never decrease. What a route
 * counted between the last snapshot that held it and its forgetting is not carried over: the pool forgets a route only
 * after minutes without a connection, so that is at most what a scrape interval saw of an idle route.
 * <p>
 * Memory follows the pool's routes: a route's entry goes with the first snapshot that no longer holds it, and the
 * retired counters are kept per tag value, of which there are at most {@code max + 1}.
 */
final class HostTags {

	/** The tag value shared by the hosts past the limit; never a real {@code host:port}, which always has a colon. */
	static final String OTHER = "other";

	private final int max;

	/** Read without a lock on every event; added to under {@link #lock}, removed from under {@link #views}. */
	private final ConcurrentHashMap<Route, Known> byRoute = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	// lock: host:port values given out so far, at most max; never given back
	private final Set<String> named = new HashSet<>();

	/**
	 * Held while a snapshot is taken and folded in, so snapshots are folded in the order they were taken. Taken before
	 * the pool's lock and {@link #lock}, never while holding either (pool events come without the pool's lock).
	 */
	private final ReentrantLock views = new ReentrantLock();

	/** Snapshots taken so far: an entry made by an event after snapshot n started is born at n, and kept by it. */
	private volatile long snapshots;

	// views: the counters of routes that left the snapshots, per tag value
	private final Map<String, RouteCounters> retired = new HashMap<>();

	HostTags(int max) {
		if (max < 0) {
			throw new IllegalArgumentException("max must be zero or positive but was " + max);
		}
		this.max = max;
	}

	/** The route's tag value: one look-up, no allocation, once the route is known. */
	String tagFor(Route route) {
		Known known = this.byRoute.get(route);
		return (known != null) ? known.tag : known(route).tag;
	}

	/** The route's entry, made (and its tag value chosen) when it has none. */
	private Known known(Route route) {
		this.lock.lock();
		try {
			Known known = this.byRoute.get(route);
			if (known == null) {
				String hostPort = route.hostPort();
				String tag;
				if (this.named.contains(hostPort) || this.named.size() < this.max) {
					this.named.add(hostPort);
					tag = hostPort;
				}
				else {
					tag = OTHER;
				}
				// read after the event that brought the route, which the pool knew of by then: a snapshot started
				// before this reading holds the route, unless the pool forgot it since
				known = new Known(tag, this.snapshots);
				this.byRoute.put(route, known);
			}
			return known;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes a snapshot and builds its view: the figures of each tag value, whose counters include the tag's retired
	 * ones. Retires and forgets the routes that left the snapshots; a route first seen by an event after this snapshot
	 * started is left for the next one.
	 */
	PoolView view(Supplier<PoolStats> source, long takenAt) {
		this.views.lock();
		try {
			long snapshot = this.snapshots + 1;
			this.snapshots = snapshot;
			PoolStats stats = source.get();
			Map<Route, RouteStats> routes = stats.routes();
			Map<String, PoolFigures> byTag = new HashMap<>();
			for (Map.Entry<Route, RouteStats> entry : routes.entrySet()) {
				Known known = this.byRoute.get(entry.getKey());
				if (known == null) {
					known = known(entry.getKey());
				}
				RouteCounters counters = entry.getValue().counters();
				RouteCounters seen = known.seen;
				if (seen != null && startedAgain(seen, counters)) {
					retire(known.tag, seen); // forgotten and used again since the last snapshot
				}
				known.seen = counters;
				byTag.computeIfAbsent(known.tag, (t) -> new PoolFigures()).add(entry.getValue());
			}
			for (Map.Entry<Route, Known> entry : this.byRoute.entrySet()) {
				Known known = entry.getValue();
				if (known.born < snapshot && !routes.containsKey(entry.getKey())
						&& this.byRoute.remove(entry.getKey(), known)) {
					RouteCounters seen = known.seen;
					if (seen != null) {
						retire(known.tag, seen); // left the snapshots: the pool forgot it
					}
				}
			}
			this.retired.forEach((tag, counters) -> byTag.computeIfAbsent(tag, (t) -> new PoolFigures())
				.addCounters(counters));
			return PoolView.of(stats, byTag, takenAt);
		}
		finally {
			this.views.unlock();
		}
	}

	/** Adds a route's last counters to its tag's retired ones. Lock {@link #views} held. */
	private void retire(String tag, RouteCounters counters) {
		this.retired.merge(tag, counters, RouteCounters::plus);
	}

	/** Whether any counter is below its last value: the pool counts a route that came back from zero. */
	private static boolean startedAgain(RouteCounters before, RouteCounters now) {
		if (now.opened() < before.opened() || now.requests() < before.requests()
				|| now.reusedRequests() < before.reusedRequests() || now.retries() < before.retries()
				|| now.leaks() < before.leaks() || now.connectFailures() < before.connectFailures()
				|| now.drainsReused() < before.drainsReused() || now.drainsClosed() < before.drainsClosed()) {
			return true;
		}
		for (CloseReason reason : CloseReason.values()) {
			if (now.closed(reason) < before.closed(reason)) {
				return true;
			}
		}
		return false;
	}

	/** Routes with an entry: those of the latest snapshot, and those seen by events since. For tests. */
	int size() {
		return this.byRoute.size();
	}

	/** A route's tag value, and what the snapshots saw of it. */
	private static final class Known {

		final String tag;

		/** The number of snapshots started when the entry was made. */
		final long born;

		// views: the route's counters in the latest snapshot that held it, or null before one did
		@Nullable RouteCounters seen;

		Known(String tag, long born) {
			this.tag = tag;
			this.born = born;
		}

	}

}
