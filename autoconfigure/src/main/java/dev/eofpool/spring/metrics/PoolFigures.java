package dev.eofpool.spring.metrics;

import java.util.HashMap;
import java.util.Map;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.RouteCounters;
import dev.eofpool.transport.RouteStats;

/**
 * The figures meters report for one tag value (a host, the hosts folded into {@code other}, or the whole pool),
 * added up from route snapshots: the connection gauges here, the counters with {@link RouteCounters#plus}. Filled
 * while a {@link PoolView} is built, never changed once it is published.
 */
final class PoolFigures {

	static final PoolFigures NONE = new PoolFigures();

	long idle;

	long active;

	long connecting;

	long waiting;

	long maxConnections;

	long maxIdle;

	RouteCounters counters = RouteCounters.ZERO;

	/** Open connections by the address they reached. */
	final Map<String, Long> openByAddress = new HashMap<>();

	void add(RouteStats stats) {
		this.idle += stats.idle();
		this.active += stats.leased();
		this.connecting += stats.connecting();
		this.waiting += stats.waiting();
		this.maxConnections += stats.maxConnections();
		this.maxIdle += stats.maxIdle();
		this.counters = this.counters.plus(stats.counters());
		addAddresses(stats);
	}

	/** Adds counters only: those of routes the pool has forgotten, which keep a tag's counters from going back. */
	void addCounters(RouteCounters more) {
		this.counters = this.counters.plus(more);
	}

	/** Adds only the route's connections per address (the pool's total carries none of its own). */
	void addAddresses(RouteStats stats) {
		stats.openByAddress().forEach((address, n) -> this.openByAddress.merge(address, (long) n, Long::sum));
	}

	double openTo(String address) {
		return this.openByAddress.getOrDefault(address, 0L);
	}

	double closed(CloseReason reason) {
		return this.counters.closed(reason);
	}

	double newRequests() {
		return this.counters.requests() - this.counters.reusedRequests();
	}

}
