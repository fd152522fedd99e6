package dev.eofpool.spring.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;

/**
 * Binds the eofpool meters: gauges and counters read from a cached pool snapshot, so they always add up
 * ({@code idle + active} = open = {@code opened - closed}) and cost the request path nothing; the acquire timer and
 * the retry counters are fed by pool events. Meter names and tags are listed in {@code docs/observability.md}.
 * <p>
 * With host tags, each meter carries {@code host=<host:port>} for the first {@code maxHostTags} hosts seen, and
 * {@code host=other} for all later ones together.
 */
public final class EofPoolMetrics implements MeterBinder, AutoCloseable {

	static final String CONNECTIONS = "eofpool.connections";

	static final String CONNECTIONS_CONNECTING = "eofpool.connections.connecting";

	static final String CONNECTIONS_MAX = "eofpool.connections.max";

	static final String CONNECTIONS_IDLE_MAX = "eofpool.connections.idle.max";

	/** Gauge: the pool-wide limit of connections, registered when one is set. */
	static final String CONNECTIONS_TOTAL_MAX = "eofpool.connections.total.max";

	static final String CONNECTIONS_OPENED = "eofpool.connections.opened";

	static final String CONNECTIONS_CLOSED = "eofpool.connections.closed";

	static final String CONNECT_FAILURES = "eofpool.connect.failures";

	static final String ACQUIRE = "eofpool.acquire";

	static final String DNS = "eofpool.dns";

	static final String CONNECT = "eofpool.connect";

	static final String TLS_HANDSHAKE = "eofpool.tls.handshake";

	static final String CONNECTION_DURATION = "eofpool.connection.duration";

	static final String ACQUIRE_WAITING = "eofpool.acquire.waiting";

	static final String REQUESTS = "eofpool.requests";

	static final String RETRIES = "eofpool.retries";

	static final String LEAKS = "eofpool.leaks";

	static final String DRAINS = "eofpool.drains";

	static final String CONNECTIONS_ADDRESS = "eofpool.connections.address";

	/** Most distinct {@code address} values of {@link #CONNECTIONS_ADDRESS} per registry; later addresses get none. */
	static final int MAX_ADDRESS_GAUGES = 100;

	static final String DIAL_ATTEMPTS_FAILED = "eofpool.dial.attempts.failed";

	static final String DIAL_RACES = "eofpool.dial.races";

	static final String DIAL_ABANDONED = "eofpool.dial.abandoned";

	static final String ADDRESSES_RETIRED = "eofpool.dns.addresses.retired";

	/** Default longest age of the pool snapshot read by gauges and counters. */
	public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

	/** Default limit of distinct {@code host} tag values. */
	public static final int DEFAULT_MAX_HOST_TAGS = 20;

	private final Supplier<PoolStats> stats;

	private final Consumer<PoolListener> addListener;

	private final Consumer<PoolListener> removeListener;

	private final @Nullable HostTags hostTags;

	private final int maxHostTags;

	/** Whether OpenTelemetry-named connection meters are registered too (see {@link OtelConnectionMeters}). */
	private final boolean otelNames;

	private final List<PoolListener> otelBindings = new CopyOnWriteArrayList<>();

	private final @Nullable Clock clock;

	private final long snapshotMaxAgeNanos;

	/** The pool-wide limit of connections, or {@link Integer#MAX_VALUE} for none (then no gauge). */
	private int maxConnectionsTotal = Integer.MAX_VALUE;

	private final List<PoolMeters> bindings = new CopyOnWriteArrayList<>();

	// written on the first bindTo; all registries share one snapshot cache
	private volatile @Nullable SnapshotCache cache;

	// without host tags, written on the first bindTo with OpenTelemetry names; shared by all registries
	private volatile @Nullable SnapshotCache otelCache;

	/** Meters without host tags, reading snapshots at most {@link #DEFAULT_SNAPSHOT_MAX_AGE} old. */
	public EofPoolMetrics(HttpTransport transport) {
		this(transport, false, DEFAULT_MAX_HOST_TAGS, DEFAULT_SNAPSHOT_MAX_AGE);
	}

	/**
	 * @param transport the transport whose pool is measured
	 * @param perHostTags whether meters carry a {@code host} tag
	 * @param maxHostTags most distinct {@code host} values; later hosts share {@code host=other}
	 * @param snapshotMaxAge longest age of the snapshot gauges read ({@link Duration#ZERO}: a new one on every read)
	 */
	public EofPoolMetrics(HttpTransport transport, boolean perHostTags, int maxHostTags, Duration snapshotMaxAge) {
		this(transport, perHostTags, maxHostTags, snapshotMaxAge, false);
	}

	/**
	 * As {@link #EofPoolMetrics(HttpTransport, boolean, int, Duration)}, with {@code otelNames} also registering
	 * {@code http.client.open_connections} and {@code http.client.connection.duration} (OpenTelemetry's HTTP client
	 * semantic conventions: {@code server.address}, {@code server.port}, {@code http.connection.state}) for at most
	 * {@code maxHostTags} hosts, whatever {@code perHostTags} says.
	 */
	public EofPoolMetrics(HttpTransport transport, boolean perHostTags, int maxHostTags, Duration snapshotMaxAge,
			boolean otelNames) {
		this(transport::stats, (l) -> {
			transport.addListener(l);
			if (l instanceof CallListener calls) {
				transport.addCallListener(calls);
			}
		}, (l) -> {
			transport.removeListener(l);
			if (l instanceof CallListener calls) {
				transport.removeCallListener(calls);
			}
		}, perHostTags, maxHostTags, snapshotMaxAge, null, otelNames);
		this.maxConnectionsTotal = transport.config().maxConnectionsTotal();
	}

	/** For tests: any source of snapshots and events, and a clock (the registry's when {@code null}). */
	EofPoolMetrics(Supplier<PoolStats> stats, Consumer<PoolListener> addListener, Consumer<PoolListener> removeListener,
			boolean perHostTags, int maxHostTags, Duration snapshotMaxAge, @Nullable Clock clock) {
		this(stats, addListener, removeListener, perHostTags, maxHostTags, snapshotMaxAge, clock, false);
	}

	/** For tests: as the one above, with the OpenTelemetry-named meters too when {@code otelNames}. */
	EofPoolMetrics(Supplier<PoolStats> stats, Consumer<PoolListener> addListener, Consumer<PoolListener> removeListener,
			boolean perHostTags, int maxHostTags, Duration snapshotMaxAge, @Nullable Clock clock, boolean otelNames) {
		if (snapshotMaxAge == null || snapshotMaxAge.isNegative()) {
			throw new IllegalArgumentException("snapshotMaxAge must be zero or positive but was " + snapshotMaxAge);
		}
		this.stats = stats;
		this.addListener = addListener;
		this.removeListener = removeListener;
		this.hostTags = perHostTags ? new HostTags(maxHostTags) : null;
		this.maxHostTags = maxHostTags;
		this.clock = clock;
		this.snapshotMaxAgeNanos = snapshotMaxAge.toNanos();
		this.otelNames = otelNames;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		PoolMeters meters = new PoolMeters(registry, cache(registry), this.hostTags);
		this.bindings.add(meters);
		this.addListener.accept(meters);
		meters.registerKnownHosts();
		if (this.otelNames) {
			SnapshotCache otelCache = otelCache(registry);
			OtelConnectionMeters otel = new OtelConnectionMeters(registry, otelCache,
					Objects.requireNonNull(otelCache.hostTags()));
			this.otelBindings.add(otel);
			this.addListener.accept(otel);
			otel.registerKnownRoutes(this.stats.get().routes().keySet());
		}
		if (this.maxConnectionsTotal != Integer.MAX_VALUE) {
			int max = this.maxConnectionsTotal;
			Gauge.builder(CONNECTIONS_TOTAL_MAX, () -> max)
				.description("Limit of connections to all hosts together (eofpool.max-connections-total)")
				.register(registry);
		}
	}

	private SnapshotCache cache(MeterRegistry registry) {
		SnapshotCache c = this.cache;
		if (c == null) {
			Clock time = (this.clock != null) ? this.clock : registry.config().clock();
			c = new SnapshotCache(this.stats, this.hostTags, time, this.snapshotMaxAgeNanos);
			this.cache = c;
		}
		return c;
	}

	/**
	 * The snapshots of the OpenTelemetry-named meters, with the host tags that also decide which hosts get those
	 * meters (one instance for both, so a host with gauges has its figures under the same name): the per-host meters'
	 * when there are, otherwise tags of their own, shared by all registries.
	 */
	private SnapshotCache otelCache(MeterRegistry registry) {
		if (this.hostTags != null) {
			return cache(registry);
		}
		SnapshotCache c = this.otelCache;
		if (c == null) {
			Clock time = (this.clock != null) ? this.clock : registry.config().clock();
			c = new SnapshotCache(this.stats, new HostTags(this.maxHostTags), time, this.snapshotMaxAgeNanos);
			this.otelCache = c;
		}
		return c;
	}

	/** Stops listening to pool events (the meters stay registered). */
	@Override
	public void close() {
		for (PoolMeters meters : this.bindings) {
			this.removeListener.accept(meters);
		}
		this.bindings.clear();
		for (PoolListener otel : this.otelBindings) {
			this.removeListener.accept(otel);
		}
		this.otelBindings.clear();
	}

}
