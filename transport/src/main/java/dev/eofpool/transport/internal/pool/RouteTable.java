package dev.eofpool.transport.internal.pool;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteCounters;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;

/**
 * The routes the pool knows: each one's state, created on its first request and forgotten once it has had no
 * connection for the retention time (10 minutes, or twice the idle timeout when longer), so a client that calls many
 * hosts keeps bounded memory; the counters of forgotten routes are kept, so pool-wide totals never go backwards.
 * Also whether the pool is closed: a closed pool uses no route.
 */
final class RouteTable {

	private final TransportConfig config;

	private final RouteTallies tallies;

	private final long retentionNanos;

	/** Settings per route, resolved once; read without the lock on every request. */
	private final ConcurrentHashMap<Route, HostSettings> settings = new ConcurrentHashMap<>();

	// written under the pool lock only; read without it by find() on every request (one lookup per request, none
	// under the lock), so a state found there may have been forgotten since: use() checks under the lock
	private final ConcurrentHashMap<Route, RouteState> routes = new ConcurrentHashMap<>();

	// pool lock: the counters of forgotten routes, added up
	private RouteCounters retired = RouteCounters.ZERO;

	// pool lock: set once when the pool closes; from then on no route is used
	private boolean closed;

	// pool lock: the pool-wide limit of connections
	final TotalCap cap;

	// pool lock: host:port (lower case) of drained hosts to when they accept new connections again, on the ticker
	private final Map<String, Long> refusedUntil = new HashMap<>();

	RouteTable(TransportConfig config, RouteTallies tallies) {
		this.config = config;
		this.tallies = tallies;
		this.cap = new TotalCap(config.maxConnectionsTotal());
		this.retentionNanos = Math.max(TimeUnit.MINUTES.toNanos(10), 2 * config.hostDefaults().idleTimeout().toNanos());
	}

	/** The settings in force for a route (cached). No lock needed. */
	HostSettings settings(Route route) {
		HostSettings s = this.settings.get(route);
		if (s == null) {
			s = this.settings.computeIfAbsent(route, (r) -> this.config.settingsFor(r.host(), r.port()));
		}
		return s;
	}

	/** Whether the pool is closed. Lock held. */
	boolean isClosed() {
		return this.closed;
	}

	/** Marks the pool closed. Lock held. */
	void close() {
		this.closed = true;
	}

	/**
	 * The route's state as last known, without the lock: {@code null} when the pool does not know the route yet;
	 * pass it to {@link #use(RouteState, Route, HostSettings)} under the lock.
	 */
	RouteState find(Route route) {
		return this.routes.get(route);
	}

	/**
	 * {@code found} (from {@link #find}) when it is still the route's state, else {@link #use(Route, HostSettings)}.
	 * Lock held.
	 */
	RouteState use(RouteState found, Route route, HostSettings routeSettings) {
		if (found == null || found.forgotten || this.closed) {
			return use(route, routeSettings);
		}
		found.empty = false;
		return found;
	}

	/** The route's state, created when new, and marked as in use; {@code null} once the pool is closed. Lock held. */
	RouteState use(Route route, HostSettings routeSettings) {
		if (this.closed) {
			return null;
		}
		RouteState rs = this.routes.get(route);
		if (rs == null) {
			IdleTimeoutLearner idle = new IdleTimeoutLearner(routeSettings.idleTimeout(),
					this.config.keepAliveMargin(), this.config.learnServerIdleTimeout());
			rs = new RouteState(route, routeSettings, idle, this.tallies.open(route), this.cap);
			this.routes.put(route, rs);
		}
		rs.empty = false;
		return rs;
	}

	/** The route's state, or {@code null} when the pool does not know it. Lock held. */
	RouteState get(Route route) {
		return this.routes.get(route);
	}

	/** Every known route. Lock held. */
	Collection<RouteState> all() {
		return this.routes.values();
	}

	/**
	 * Forgets the routes that have had no connection and no waiter for the retention time at {@code now}. Lock held.
	 * @return nanoseconds until the next route may be forgotten, or {@link Long#MAX_VALUE}
	 */
	long forgetEmpty(long now) {
		long next = Long.MAX_VALUE;
		for (Iterator<RouteState> it = this.routes.values().iterator(); it.hasNext();) {
			RouteState rs = it.next();
			if (rs.total() > 0 || rs.waiting() > 0) {
				rs.empty = false;
				continue;
			}
			if (!rs.empty) {
				rs.empty = true;
				rs.emptySince = now;
			}
			long left = rs.emptySince + this.retentionNanos - now;
			if (left <= 0) {
				this.retired = this.retired.plus(rs.counters());
				it.remove();
				rs.forgotten = true;
				this.settings.remove(rs.route);
				this.tallies.forget(rs.route);
			}
			else {
				next = Math.min(next, left);
			}
		}
		return next;
	}

	/** Refuses new connections to {@code hostPort} until {@code until} on the ticker. Lock held. */
	void refuse(String hostPort, long until) {
		this.refusedUntil.put(hostPort.toLowerCase(Locale.ROOT), until);
	}

	/**
	 * Nanoseconds the route's host still refuses new connections at {@code now} (a drain), or 0. Lock held.
	 */
	long refusedFor(Route route, long now) {
		if (this.refusedUntil.isEmpty()) {
			return 0;
		}
		String key = route.hostPort().toLowerCase(Locale.ROOT);
		Long until = this.refusedUntil.get(key);
		if (until == null) {
			return 0;
		}
		long left = until - now;
		if (left <= 0) {
			this.refusedUntil.remove(key);
			return 0;
		}
		return left;
	}

	/** Every route's figures, and their total with the forgotten routes' counters. Lock held. */
	PoolStats snapshot() {
		Map<Route, RouteStats> perRoute = new LinkedHashMap<>();
		int idle = 0;
		int leased = 0;
		int connecting = 0;
		int waiting = 0;
		long maxConnections = 0;
		RouteCounters counters = this.retired;
		for (RouteState rs : this.routes.values()) {
			RouteStats s = rs.snapshot();
			perRoute.put(rs.route, s);
			idle += s.idle();
			leased += s.leased();
			connecting += s.connecting();
			waiting += s.waiting();
			maxConnections += s.maxConnections();
			counters = counters.plus(s.counters());
		}
		RouteStats total = new RouteStats(idle, leased, connecting, waiting,
				(int) Math.min(this.cap.max(), maxConnections), this.config.maxIdleTotal(), counters,
				this.config.hostDefaults().idleTimeout(), null, null, this.config.hostDefaults().idleTimeout(), null);
		return new PoolStats(total, perRoute, this.closed);
	}
}
