package dev.eofpool.transport;

import java.time.Duration;
import java.util.Map;

/**
 * A consistent snapshot of one route's pool state and counters (or of all routes added up).
 *
 * @param idle connections idle in the pool
 * @param leased connections serving a request
 * @param connecting connections being opened
 * @param waiting threads waiting for a connection at the limit
 * @param maxConnections limit of connections (for the total: sum over routes)
 * @param maxIdle limit of idle connections (for the total: the global idle limit)
 * @param opened connections opened since start
 * @param closed connections closed since start
 * @param requests requests that got a connection
 * @param reusedRequests requests that got a connection already used before
 * @param retries requests sent a second time
 * @param leaks response bodies found abandoned
 * @param connectFailures failed connection attempts
 * @param drainsReused early-closed bodies drained so the connection was reused
 * @param drainsClosed early-closed bodies whose connection was closed instead
 * @param closedByReason closes by reason (every reason present, zero when none)
 * @param idleTimeout configured idle timeout
 * @param serverKeepAliveTimeout last {@code Keep-Alive: timeout=} the server advertised, or {@code null}
 * @param learnedIdleTimeout shortest idle age at which the server was seen closing, or {@code null}
 * @param effectiveIdleTimeout the idle timeout applied now (configured, shortened by hint and learning)
 * @param lastError the last connect or I/O failure's message, or {@code null}
 */
public record RouteStats(int idle, int leased, int connecting, int waiting, int maxConnections, int maxIdle, long opened,
		long closed, long requests, long reusedRequests, long retries, long leaks, long connectFailures,
		long drainsReused, long drainsClosed, Map<CloseReason, Long> closedByReason, Duration idleTimeout,
		Duration serverKeepAliveTimeout, Duration learnedIdleTimeout, Duration effectiveIdleTimeout,
		String lastError) {

	/** Connections open now: idle or leased (those still connecting are not open yet); equals opened - closed. */
	public int open() {
		return this.idle + this.leased;
	}
}
