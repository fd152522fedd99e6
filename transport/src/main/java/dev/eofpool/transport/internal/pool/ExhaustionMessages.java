package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/**
 * The messages of a request refused or timed out at a route's limit, each with its facts (route, limit, waiters,
 * elapsed time) and the settings to change, named the way the transport was configured
 * ({@link TransportConfig#settingNames()}): the one in force for the route, and for a transport-wide limit also the
 * per-host key that would change it for this route alone.
 */
final class ExhaustionMessages {

	private final TransportConfig config;

	/** Messages naming the settings of {@code config}. */
	ExhaustionMessages(TransportConfig config) {
		this.config = config;
	}

	/** The acquire timeout ran out while every connection of the route stayed in use. */
	String timedOut(Route route, HostSettings settings, long elapsedMillis, int stillWaiting, int totalMax) {
		return "Timed out after " + elapsedMillis + " ms waiting for a connection to " + route + ": all "
				+ limitInUse(settings, totalMax) + " stayed in use; " + stillWaiting
				+ " other request(s) still waiting. To allow more connections " + raise(route, settings, totalMax)
				+ "; to wait longer raise " + inForce(route, "acquireTimeout") + " ("
				+ settings.acquireTimeout().toMillis() + " ms)";
	}

	/** The refusal under the fail-fast policy; {@code totalMax} as for {@link #timedOut}. */
	String failFast(Route route, HostSettings settings, int totalMax) {
		return "No connection available for " + route + ": all " + connections(settings, totalMax)
				+ " are in use and the exhaustion policy is fail-fast (" + inForce(route, "exhaustionPolicy")
				+ "). To allow more connections " + raise(route, settings, totalMax) + "; to wait up to "
				+ inForce(route, "acquireTimeout") + " for one instead, set " + inForce(route, "exhaustionPolicy")
				+ " to wait";
	}

	/** The refusal of a caller past the host's limit of waiting requests; {@code totalMax} as for {@link #timedOut}. */
	String tooManyWaiters(Route route, HostSettings settings, int waiting, int totalMax) {
		return "No connection available for " + route + ": all " + connections(settings, totalMax) + " are in use and "
				+ waiting + " request(s) already wait, the host's limit of waiting requests. To let more requests wait"
				+ " raise " + inForce(route, "maxWaiters") + " (" + settings.maxWaiters() + "); to allow more connections "
				+ raise(route, settings, totalMax);
	}

	/** Which limit the connections in use reached: the host's, or ({@code totalMax >= 0}) the pool-wide one. */
	private static String limitInUse(HostSettings settings, int totalMax) {
		return (totalMax >= 0) ? totalMax + " connections (the pool-wide limit)"
				: settings.maxConnections() + " connections (the per-host limit)";
	}

	/** The connections in use: the host's, or ({@code totalMax >= 0}) the pool-wide limit's. */
	private static String connections(HostSettings settings, int totalMax) {
		return (totalMax >= 0) ? totalMax + " connections (the pool-wide limit)" : settings.maxConnections() + " connections";
	}

	private String raise(Route route, HostSettings settings, int totalMax) {
		if (totalMax >= 0) {
			return "raise " + this.config.settingNames().transportWide("maxConnectionsTotal") + " (" + totalMax + ")";
		}
		return raiseLimit(route, settings);
	}

	String heldByCaller(Route route, HostSettings settings) {
		return "Waiting for a connection to " + route + " would never end: this thread already holds all "
				+ settings.maxConnections() + " of its connections (read or close the earlier responses before "
				+ "sending another request, or " + raiseLimit(route, settings) + ")";
	}

	/**
	 * How to raise the route's connection limit: the per-host key that set it, or the transport-wide one and the
	 * per-host key (the matching pattern's, or the route's {@code host:port}) that would set it for this route only.
	 */
	private String raiseLimit(Route route, HostSettings settings) {
		String limit = inForce(route, "maxConnections");
		String pattern = this.config.hostPattern(route.host(), route.port());
		String perHost = this.config.settingNames()
			.perHost((pattern != null) ? pattern : route.host() + ":" + route.port(), "maxConnections");
		if (limit.equals(perHost)) {
			return "raise " + limit + " (" + settings.maxConnections() + ")";
		}
		String which = (pattern == null || pattern.indexOf(':') >= 0) ? "this host and port"
				: pattern.startsWith("*.") ? "the hosts matching " + pattern : "this host";
		return "raise " + limit + " (" + settings.maxConnections() + ", every host) or set " + perHost + " (" + which
				+ ")";
	}

	private String inForce(Route route, String setting) {
		return this.config.settingInForce(route.host(), route.port(), setting);
	}
}
