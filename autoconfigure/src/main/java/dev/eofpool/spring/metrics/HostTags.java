package dev.eofpool.spring.metrics;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.eofpool.transport.Route;

/**
 * Gives each route its {@code host} tag value: its {@code host:port} for the first {@code max} distinct ones, then
 * {@link #OTHER} for every later one, so that calling many hosts cannot grow the number of time series without bound.
 * A route keeps the value it was first given (counters summed over {@link #OTHER} therefore never go backwards).
 */
final class HostTags {

	/** The tag value shared by the hosts past the limit; never a real {@code host:port}, which always has a colon. */
	static final String OTHER = "other";

	private final int max;

	/** Read without the lock on every event; written under {@link #lock} only. */
	private final ConcurrentHashMap<Route, String> byRoute = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	// lock: host:port values given out so far
	private final Set<String> named = new HashSet<>();

	HostTags(int max) {
		if (max < 0) {
			throw new IllegalArgumentException("max must be zero or positive but was " + max);
		}
		this.max = max;
	}

	String tagFor(Route route) {
		String tag = this.byRoute.get(route);
		if (tag != null) {
			return tag;
		}
		this.lock.lock();
		try {
			tag = this.byRoute.get(route);
			if (tag == null) {
				String hostPort = route.hostPort();
				if (this.named.contains(hostPort) || this.named.size() < this.max) {
					this.named.add(hostPort);
					tag = hostPort;
				}
				else {
					tag = OTHER;
				}
				this.byRoute.put(route, tag);
			}
			return tag;
		}
		finally {
			this.lock.unlock();
		}
	}

}
