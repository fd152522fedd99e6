package dev.eofpool.spring.metrics;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.RouteStats;

/**
 * The figures meters report for one tag value (a host, the hosts folded into {@code other}, or the whole pool),
 * added up from route snapshots. Filled while a {@link PoolView} is built, never changed once it is published.
 */
final class PoolFigures {

	static final PoolFigures NONE = new PoolFigures();

	long idle;

	long active;

	long connecting;

	long waiting;

	long maxConnections;

	long maxIdle;

	long opened;

	long requests;

	long reusedRequests;

	long retries;

	long leaks;

	long connectFailures;

	long drainsReused;

	long drainsClosed;

	final long[] closedByReason = new long[CloseReason.values().length];

	void add(RouteStats stats) {
		this.idle += stats.idle();
		this.active += stats.leased();
		this.connecting += stats.connecting();
		this.waiting += stats.waiting();
		this.maxConnections += stats.maxConnections();
		this.maxIdle += stats.maxIdle();
		this.opened += stats.opened();
		this.requests += stats.requests();
		this.reusedRequests += stats.reusedRequests();
		this.retries += stats.retries();
		this.leaks += stats.leaks();
		this.connectFailures += stats.connectFailures();
		this.drainsReused += stats.drainsReused();
		this.drainsClosed += stats.drainsClosed();
		stats.closedByReason().forEach((reason, count) -> this.closedByReason[reason.ordinal()] += count);
	}

	double closed(CloseReason reason) {
		return this.closedByReason[reason.ordinal()];
	}

	double newRequests() {
		return this.requests - this.reusedRequests;
	}

}
