package dev.eofpool.transport;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent snapshot of one route's pool state and counters (or of all routes added up).
 *
 * @param idle connections idle in the pool
 * @param leased connections serving a request
 * @param connecting connections being opened
 * @param waiting threads waiting for a connection at the limit
 * @param maxConnections limit of connections (for the total: sum over routes)
 * @param maxIdle limit of idle connections (for the total: the global idle limit)
 * @param counters what happened since start (for the total: every route's, forgotten ones included)
 * @param idleTimeout configured idle timeout
 * @param serverKeepAliveTimeout last {@code Keep-Alive: timeout=} the server advertised, or {@code null}
 * @param learnedIdleTimeout shortest idle age at which the server was seen closing, or {@code null}
 * @param effectiveIdleTimeout the idle timeout applied now (configured, shortened by hint and learning)
 * @param lastError the last connect or I/O failure's message, or {@code null}
 * @param openByAddress open connections (idle and leased) by the address they reached (its text form, such as
 * {@code 10.0.0.7}; the proxy's address for a route through a proxy), sorted by address; empty for the total
 */
public record RouteStats(int idle, int leased, int connecting, int waiting, int maxConnections, int maxIdle,
		RouteCounters counters, Duration idleTimeout, Duration serverKeepAliveTimeout, Duration learnedIdleTimeout,
		Duration effectiveIdleTimeout, String lastError, Map<String, Integer> openByAddress) {

	/** Copies the per-address counts into an unmodifiable map ({@code null}: none). */
	public RouteStats {
		openByAddress = (openByAddress != null) ? Collections.unmodifiableMap(new TreeMap<>(openByAddress)) : Map.of();
	}

	/** A snapshot without per-address counts. */
	public RouteStats(int idle, int leased, int connecting, int waiting, int maxConnections, int maxIdle,
			RouteCounters counters, Duration idleTimeout, Duration serverKeepAliveTimeout, Duration learnedIdleTimeout,
			Duration effectiveIdleTimeout, String lastError) {
		this(idle, leased, connecting, waiting, maxConnections, maxIdle, counters, idleTimeout, serverKeepAliveTimeout,
				learnedIdleTimeout, effectiveIdleTimeout, lastError, Map.of());
	}

	/** Connections open now: idle or leased (those still connecting are not open yet); equals opened - closed. */
	public int open() {
		return this.idle + this.leased;
	}

	/** Connections opened since start. */
	public long opened() {
		return this.counters.opened();
	}

	/** Connections closed since start. */
	public long closed() {
		return this.counters.closed();
	}

	/** Requests whose exchange ended. */
	public long requests() {
		return this.counters.requests();
	}

	/** Of those, requests on a connection already used before. */
	public long reusedRequests() {
		return this.counters.reusedRequests();
	}

	/** Requests sent a second time on a fresh connection. */
	public long retries() {
		return this.counters.retries();
	}

	/** Response bodies found abandoned. */
	public long leaks() {
		return this.counters.leaks();
	}

	/** Failed connection attempts. */
	public long connectFailures() {
		return this.counters.connectFailures();
	}

	/** Early-closed bodies drained so the connection was reused. */
	public long drainsReused() {
		return this.counters.drainsReused();
	}

	/** Early-closed bodies whose connection was closed instead. */
	public long drainsClosed() {
		return this.counters.drainsClosed();
	}

	/** Closes by reason (every reason present, zero when none). */
	public Map<CloseReason, Long> closedByReason() {
		return this.counters.closedByReason();
	}
}
