package dev.eofpool.spring.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;

/**
 * Connection meters named after OpenTelemetry's HTTP client semantic conventions, for dashboards built on them:
 * {@code http.client.open_connections} (by {@code http.connection.state} = {@code idle} | {@code active}) and
 * {@code http.client.connection.duration}, both tagged {@code server.address} and {@code server.port}. A host's meters
 * are registered when its first connection opens, for at most the host tag limit of hosts (later ones get none).
 * <p>
 * Which hosts those are is decided by the same {@link HostTags} as the snapshots the gauges read, so a host with
 * gauges always has its figures in them.
 */
final class OtelConnectionMeters implements PoolListener {

	static final String OPEN_CONNECTIONS = "http.client.open_connections";

	static final String CONNECTION_DURATION = "http.client.connection.duration";

	private final MeterRegistry registry;

	private final SnapshotCache cache;

	private final HostTags hostTags;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	/** By tag value ({@code host:port}, as the timer's tags), so bounded by the tag limit, not by the routes seen. */
	private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();

	OtelConnectionMeters(MeterRegistry registry, SnapshotCache cache, HostTags hostTags) {
		this.registry = registry;
		this.cache = cache;
		this.hostTags = hostTags;
	}

	/** Registers the gauges of the routes already in the pool (connections opened before binding, by warm-up say). */
	void registerKnownRoutes(Iterable<Route> routes) {
		for (Route route : routes) {
			connectionOpened(route);
		}
	}

	@Override
	public void connectionOpened(Route route) {
		String tag = this.hostTags.tagFor(route);
		if (HostTags.OTHER.equals(tag) || !this.registered.add(tag)) {
			return;
		}
		Tags tags = serverTags(route);
		gauge(tags.and("http.connection.state", "idle"), tag, (f) -> f.idle);
		gauge(tags.and("http.connection.state", "active"), tag, (f) -> f.active);
	}

	@Override
	public void connectionLifetime(Route route, CloseReason reason, long lifetimeNanos) {
		String tag = this.hostTags.tagFor(route);
		if (HostTags.OTHER.equals(tag)) {
			return;
		}
		Timer timer = this.durations.get(tag);
		if (timer == null) {
			// registering twice returns the same timer: the routes of one host:port share its tags
			timer = Timer.builder(CONNECTION_DURATION)
				.description("The duration of the successfully established outbound HTTP connections")
				.tags(serverTags(route))
				.register(this.registry);
			this.durations.putIfAbsent(tag, timer);
		}
		timer.record(lifetimeNanos, TimeUnit.NANOSECONDS);
	}

	/** Connection duration timers kept. For tests. */
	int timers() {
		return this.durations.size();
	}

	private static Tags serverTags(Route route) {
		return Tags.of("server.address", route.host(), "server.port", Integer.toString(route.port()));
	}

	private void gauge(Tags tags, String tag, ToDoubleFunction<PoolFigures> value) {
		Gauge.builder(OPEN_CONNECTIONS, this.cache, (c) -> value.applyAsDouble(c.get().figures(tag)))
			.description("Number of outbound HTTP connections that are currently idle or active")
			.tags(tags)
			.strongReference(true)
			.register(this.registry);
	}

}
