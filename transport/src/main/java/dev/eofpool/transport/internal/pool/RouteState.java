package dev.eofpool.transport.internal.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.RouteStats;

/** One route's connections, waiters and counters. Every field is guarded by the pool's lock. */
final class RouteState {

	final Route route;

	final HostSettings settings;

	/** Idle connections, most recently used first (LIFO: warm connections first, surplus ones age out at the tail). */
	final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();

	/** Connections serving a request. */
	final ConnectionList leased = new ConnectionList((c) -> c.leaseLink);

	/** Slots reserved by threads that are connecting. */
	int connecting;

	/** Threads waiting at the limit, first come first served. Non-empty only while {@link #idle} is empty. */
	final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	long opened;

	long closed;

	long requests;

	long reusedRequests;

	long retries;

	long leaks;

	long connectFailures;

	long drainsReused;

	long drainsClosed;

	final long[] closedByReason = new long[CloseReason.values().length];

	/** Latest {@code Keep-Alive: timeout=} from this server, -1 when none seen. */
	long serverTimeoutNanos = -1;

	/** Shortest idle age at which this server was seen to have closed a connection, -1 when never. */
	long learnedIdleNanos = -1;

	String lastError;

	/** Whether the route has had no connection and no waiter since {@link #emptySince} (checked by eviction). */
	boolean empty;

	long emptySince;

	RouteState(Route route, HostSettings settings) {
		this.route = route;
		this.settings = settings;
	}

	/** Adds this route's counters to {@code into}, which keeps them after the route is forgotten. */
	void addCountersTo(RouteState into) {
		into.opened += this.opened;
		into.closed += this.closed;
		into.requests += this.requests;
		into.reusedRequests += this.reusedRequests;
		into.retries += this.retries;
		into.leaks += this.leaks;
		into.connectFailures += this.connectFailures;
		into.drainsReused += this.drainsReused;
		into.drainsClosed += this.drainsClosed;
		for (int i = 0; i < this.closedByReason.length; i++) {
			into.closedByReason[i] += this.closedByReason[i];
		}
	}

	int total() {
		return this.idle.size() + this.leased.size() + this.connecting;
	}

	void countClose(CloseReason reason) {
		this.closed++;
		this.closedByReason[reason.ordinal()]++;
	}

	/** The idle timeout applied now: the configured one, shortened by the server's hint and by learning. */
	long effectiveIdleNanos(long marginNanos, boolean learn) {
		return Math.min(this.settings.idleTimeout().toNanos(),
				Math.min(hintedNanos(marginNanos), learnedNanos(marginNanos, learn)));
	}

	/** Which of the three limits {@link #effectiveIdleNanos} comes from, as the reason an expiry carries. */
	CloseReason idleReason(long marginNanos, boolean learn) {
		long configured = this.settings.idleTimeout().toNanos();
		long hinted = hintedNanos(marginNanos);
		long learned = learnedNanos(marginNanos, learn);
		if (learned < configured && learned < hinted) {
			return CloseReason.LEARNED_IDLE_TIMEOUT;
		}
		return (hinted < configured) ? CloseReason.KEEP_ALIVE_TIMEOUT : CloseReason.IDLE_TIMEOUT;
	}

	private long hintedNanos(long marginNanos) {
		return (this.serverTimeoutNanos > 0) ? withMargin(this.serverTimeoutNanos, marginNanos) : Long.MAX_VALUE;
	}

	private long learnedNanos(long marginNanos, boolean learn) {
		return (learn && this.learnedIdleNanos > 0) ? withMargin(this.learnedIdleNanos, marginNanos) : Long.MAX_VALUE;
	}

	/** Keeps the margin, but never more than half of a short server timeout (so timeout=1 still pools for 0.5 s). */
	private static long withMargin(long serverNanos, long marginNanos) {
		return serverNanos - Math.min(marginNanos, serverNanos / 2);
	}

	RouteStats snapshot(long marginNanos, boolean learn) {
		Map<CloseReason, Long> reasons = new EnumMap<>(CloseReason.class);
		for (CloseReason r : CloseReason.values()) {
			reasons.put(r, this.closedByReason[r.ordinal()]);
		}
		return new RouteStats(this.idle.size(), this.leased.size(), this.connecting, this.waiters.size(),
				this.settings.maxConnections(), this.settings.maxIdle(), this.opened, this.closed, this.requests,
				this.reusedRequests, this.retries, this.leaks, this.connectFailures, this.drainsReused,
				this.drainsClosed, Collections.unmodifiableMap(reasons), this.settings.idleTimeout(),
				(this.serverTimeoutNanos > 0) ? Duration.ofNanos(this.serverTimeoutNanos) : null,
				(learn && this.learnedIdleNanos > 0) ? Duration.ofNanos(this.learnedIdleNanos) : null,
				Duration.ofNanos(effectiveIdleNanos(marginNanos, learn)), this.lastError);
	}
}
