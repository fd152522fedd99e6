package dev.eofpool.transport;

import java.time.Duration;

/**
 * The settings in force for one route: the transport-wide values with the matching {@link HostSettings} applied.
 * Resolved once per route and cached by the pool.
 *
 * @param maxConnections limit of connections (leased, idle and being opened)
 * @param maxIdle limit of idle connections
 * @param acquireTimeout longest wait for a connection at the limit
 * @param idleTimeout how long an unused connection is kept (before server hints and learning)
 * @param maxLifetime age after which a connection is not reused ({@link Duration#ZERO} for no limit)
 * @param connectTimeout default connect timeout
 * @param readTimeout default read timeout ({@link Duration#ZERO} waits forever)
 * @param exhaustionPolicy what to do at the limit
 */
public record RouteSettings(int maxConnections, int maxIdle, Duration acquireTimeout, Duration idleTimeout,
		Duration maxLifetime, Duration connectTimeout, Duration readTimeout, ExhaustionPolicy exhaustionPolicy) {
}
