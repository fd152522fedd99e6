package dev.eofpool.spring.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.Ticker;

/**
 * Health of the eofpool transport, from a pool snapshot and connect events: no network I/O. {@link Status#DOWN}
 * once the transport is closed. A host whose callers keep waiting at its limit (saturated), or that keeps failing to
 * connect, is named in the details and maps to the status its {@link EofPoolHealthPolicy} gives
 * ({@link Status#UP} by default).
 * <p>
 * Details: {@code closed}, {@code total} (idle, active, connecting, waiting, open), {@code hosts} keyed by
 * {@code host:port} (idle, active, waiting, limit, recentConnectFailures, effectiveIdleTimeout, and when so
 * {@code saturatedFor} / {@code lastError}), {@code saturated} and {@code connectFailing} (lists of hosts, when not
 * empty) and {@code hostsOmitted} (when over the policy's limit).
 */
public final class EofPoolHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

	private final Supplier<PoolStats> stats;

	private final Consumer<PoolListener> removeListener;

	private final Ticker ticker;

	private final EofPoolHealthPolicy policy;

	private final ConnectFailures connectFailures;

	private final Saturation saturation;

	/** The pool-wide limit of connections ({@link Integer#MAX_VALUE}: none, not shown). */
	private int maxConnectionsTotal = Integer.MAX_VALUE;

	/** Starts listening to the transport's connect events. */
	public EofPoolHealthIndicator(HttpTransport transport, EofPoolHealthPolicy policy) {
		this(transport::stats, transport::addListener, transport::removeListener, transport.config().ticker(), policy);
		this.maxConnectionsTotal = transport.config().maxConnectionsTotal();
	}

	/** For tests: any source of snapshots and events, and a clock. */
	EofPoolHealthIndicator(Supplier<PoolStats> stats, Consumer<PoolListener> addListener,
			Consumer<PoolListener> removeListener, Ticker ticker, EofPoolHealthPolicy policy) {
		super("eofpool health check failed");
		this.stats = stats;
		this.removeListener = removeListener;
		this.ticker = ticker;
		this.policy = policy;
		this.connectFailures = new ConnectFailures(ticker);
		this.saturation = new Saturation(policy.saturationWaiting(), policy.saturationDuration().toNanos());
		addListener.accept(this.connectFailures);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PoolStats snapshot = this.stats.get();
		long now = this.ticker.nanoTime();
		long windowNanos = this.policy.connectFailureWindow().toNanos();
		List<String> saturated = new ArrayList<>();
		List<String> connectFailing = new ArrayList<>();
		Map<String, Object> troubled = new LinkedHashMap<>();
		Map<String, Object> others = new LinkedHashMap<>();
		for (Map.Entry<Route, RouteStats> entry : snapshot.routes().entrySet()) {
			Route route = entry.getKey();
			RouteStats rs = entry.getValue();
			String name = route.hostPort();
			if (troubled.containsKey(name) || others.containsKey(name)) {
				name = route.toString(); // the same host:port over http and https
			}
			Map<String, Object> host = new LinkedHashMap<>();
			host.put("idle", rs.idle());
			host.put("active", rs.leased());
			host.put("waiting", rs.waiting());
			host.put("limit", rs.maxConnections());
			int failures = this.connectFailures.recent(route, now, windowNanos);
			host.put("recentConnectFailures", failures);
			host.put("effectiveIdleTimeout", text(rs.effectiveIdleTimeout()));
			if (rs.openByAddress().size() > 1) {
				host.put("openByAddress", rs.openByAddress());
			}
			List<String> failingAddresses = this.connectFailures.recentAddresses(route, now, windowNanos);
			if (!failingAddresses.isEmpty()) {
				// informative: the dial went on to the host's other addresses, so this alone is no trouble
				host.put("recentlyFailedAddresses", failingAddresses);
			}
			boolean trouble = false;
			long saturatedSince = this.saturation.observe(route, rs.waiting(), now);
			if (this.saturation.reported(saturatedSince, now)) {
				host.put("saturatedFor", text(Duration.ofNanos(now - saturatedSince)));
				saturated.add(name);
				trouble = true;
			}
			if (failures >= this.policy.connectFailures()) {
				host.put("lastError", rs.lastError());
				connectFailing.add(name);
				trouble = true;
			}
			(trouble ? troubled : others).put(name, host);
		}
		// what the pool forgot goes here too, so memory follows the pool's routes
		this.connectFailures.prune(snapshot.routes().keySet(), now, windowNanos);
		this.saturation.retain(snapshot.routes().keySet());
		Status status = Status.UP;
		if (!saturated.isEmpty()) {
			status = worse(status, this.policy.saturationStatus());
		}
		if (!connectFailing.isEmpty()) {
			status = worse(status, this.policy.connectFailureStatus());
		}
		if (snapshot.closed()) {
			status = Status.DOWN;
		}
		builder.status(status);
		builder.withDetail("closed", snapshot.closed());
		Map<String, Object> total = total(snapshot.total());
		if (this.maxConnectionsTotal != Integer.MAX_VALUE) {
			// at the pool-wide limit, callers of every host wait: they count as waiting, so saturation shows it
			total.put("limit", this.maxConnectionsTotal);
		}
		builder.withDetail("total", total);
		Map<String, Object> hosts = new LinkedHashMap<>();
		int omitted = 0;
		for (Map<String, Object> group : List.of(troubled, others)) {
			for (Map.Entry<String, Object> host : group.entrySet()) {
				if (hosts.size() < this.policy.maxHosts()) {
					hosts.put(host.getKey(), host.getValue());
				}
				else {
					omitted++;
				}
			}
		}
		builder.withDetail("hosts", hosts);
		if (omitted > 0) {
			builder.withDetail("hostsOmitted", omitted);
		}
		if (!saturated.isEmpty()) {
			builder.withDetail("saturated", saturated);
		}
		if (!connectFailing.isEmpty()) {
			builder.withDetail("connectFailing", connectFailing);
		}
	}

	private static Map<String, Object> total(RouteStats total) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("idle", total.idle());
		details.put("active", total.leased());
		details.put("connecting", total.connecting());
		details.put("waiting", total.waiting());
		details.put("open", total.idle() + total.leased());
		return details;
	}

	/** The more severe status: DOWN, then OUT_OF_SERVICE, then any custom status, then UP, then UNKNOWN. */
	static Status worse(Status a, Status b) {
		return (severity(b) > severity(a)) ? b : a;
	}

	private static int severity(Status status) {
		if (Status.DOWN.equals(status)) {
			return 4;
		}
		if (Status.OUT_OF_SERVICE.equals(status)) {
			return 3;
		}
		if (Status.UP.equals(status)) {
			return 1;
		}
		if (Status.UNKNOWN.equals(status)) {
			return 0;
		}
		return 2;
	}

	private static @Nullable String text(@Nullable Duration duration) {
		return (duration != null) ? duration.toString() : null;
	}

	/** Routes whose connect failures are remembered. For tests. */
	int connectFailureRoutes() {
		return this.connectFailures.size();
	}

	/** Stops listening to connect events. */
	@Override
	public void close() {
		this.removeListener.accept(this.connectFailures);
	}

}
