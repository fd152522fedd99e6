package dev.eofpool.spring.metrics;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteCounters;
import dev.eofpool.transport.RouteStats;

/**
 * Builds pool snapshots by hand for tests of the meters, health and endpoint. The total is added up the way the pool
 * does it (limits of connections summed, idle limit pool-wide).
 */
public final class TestStats {

	private final Map<Route, RouteStats> routes = new LinkedHashMap<>();

	private boolean closed;

	private int maxIdleTotal = 512;

	public static TestStats pool() {
		return new TestStats();
	}

	public static Route route(String host, int port) {
		return new Route("http", host, port);
	}

	public static RouteBuilder of() {
		return new RouteBuilder();
	}

	public TestStats with(Route route, RouteBuilder stats) {
		this.routes.put(route, stats.build());
		return this;
	}

	public TestStats closed(boolean closed) {
		this.closed = closed;
		return this;
	}

	public PoolStats build() {
		int idle = 0;
		int leased = 0;
		int connecting = 0;
		int waiting = 0;
		int maxConnections = 0;
		RouteCounters counters = RouteCounters.ZERO;
		for (RouteStats s : this.routes.values()) {
			idle += s.idle();
			leased += s.leased();
			connecting += s.connecting();
			waiting += s.waiting();
			maxConnections += s.maxConnections();
			counters = counters.plus(s.counters());
		}
		Duration idleTimeout = Duration.ofSeconds(30);
		RouteStats total = new RouteStats(idle, leased, connecting, waiting, maxConnections, this.maxIdleTotal,
				counters, idleTimeout, null, null, idleTimeout, null);
		return new PoolStats(total, Collections.unmodifiableMap(new LinkedHashMap<>(this.routes)), this.closed);
	}

	/** One route's figures; {@code closed} is the sum of {@link #closed(CloseReason, long)}. */
	public static final class RouteBuilder {

		int idle;

		int leased;

		int connecting;

		int waiting;

		int maxConnections = 256;

		int maxIdle = 64;

		long opened;

		long requests;

		long reused;

		long retries;

		long leaks;

		long connectFailures;

		long drainsReused;

		long drainsClosed;

		final Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);

		Duration idleTimeout = Duration.ofSeconds(30);

		Duration serverHint;

		Duration learned;

		Duration effective = Duration.ofSeconds(30);

		String lastError;

		Map<String, Integer> openByAddress = Map.of();

		RouteBuilder() {
			for (CloseReason r : CloseReason.values()) {
				this.closes.put(r, 0L);
			}
		}

		public RouteBuilder idle(int n) {
			this.idle = n;
			return this;
		}

		public RouteBuilder leased(int n) {
			this.leased = n;
			return this;
		}

		public RouteBuilder connecting(int n) {
			this.connecting = n;
			return this;
		}

		public RouteBuilder waiting(int n) {
			this.waiting = n;
			return this;
		}

		public RouteBuilder limits(int maxConnections, int maxIdle) {
			this.maxConnections = maxConnections;
			this.maxIdle = maxIdle;
			return this;
		}

		public RouteBuilder opened(long n) {
			this.opened = n;
			return this;
		}

		public RouteBuilder closed(CloseReason reason, long n) {
			this.closes.put(reason, n);
			return this;
		}

		public RouteBuilder requests(long all, long reused) {
			this.requests = all;
			this.reused = reused;
			return this;
		}

		public RouteBuilder retries(long n) {
			this.retries = n;
			return this;
		}

		public RouteBuilder leaks(long n) {
			this.leaks = n;
			return this;
		}

		public RouteBuilder connectFailures(long n) {
			this.connectFailures = n;
			return this;
		}

		public RouteBuilder drains(long reused, long closed) {
			this.drainsReused = reused;
			this.drainsClosed = closed;
			return this;
		}

		public RouteBuilder idleTimeouts(Duration configured, Duration serverHint, Duration learned,
				Duration effective) {
			this.idleTimeout = configured;
			this.serverHint = serverHint;
			this.learned = learned;
			this.effective = effective;
			return this;
		}

		public RouteBuilder lastError(String message) {
			this.lastError = message;
			return this;
		}

		public RouteBuilder openByAddress(Map<String, Integer> counts) {
			this.openByAddress = counts;
			return this;
		}

		RouteStats build() {
			RouteCounters counters = new RouteCounters(this.opened, this.requests, this.reused, this.retries,
					this.leaks, this.connectFailures, this.drainsReused, this.drainsClosed, this.closes);
			return new RouteStats(this.idle, this.leased, this.connecting, this.waiting, this.maxConnections,
					this.maxIdle, counters, this.idleTimeout, this.serverHint, this.learned, this.effective,
					this.lastError, this.openByAddress);
		}

	}

}
