package dev.eofpool.spring.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.ConnectAbandonedException;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;

/**
 * The meters of one registry. Snapshot meters (gauges, function counters) are registered once per tag value and read
 * {@link SnapshotCache#get()} when scraped; event meters are recorded by this listener on request threads.
 * <p>
 * Without host tags there is one set of meters and events touch no map. With host tags an event costs two
 * {@link ConcurrentHashMap#get}s, the route's tag value and that tag's meters (no allocation); a tag's first event
 * registers its meters. Nothing here is kept per route, so memory does not grow with the routes the pool has forgotten
 * ({@link HostTags} forgets them too).
 */
final class PoolMeters implements PoolListener, CallListener {

	private final MeterRegistry registry;

	private final SnapshotCache cache;

	private final @Nullable HostTags hostTags;

	/** The only meters without host tags; {@code null} with them. */
	private final @Nullable EventMeters untagged;

	private final ConcurrentHashMap<String, EventMeters> byTag = new ConcurrentHashMap<>();

	private final Set<String> snapshotTags = ConcurrentHashMap.newKeySet();

	/** The (tag, close reason) pairs with a counter: a reason is registered when first seen (or seen in a snapshot). */
	private final Set<String> closeReasons = ConcurrentHashMap.newKeySet();

	/** The (tag, address) pairs with a gauge, at most {@link EofPoolMetrics#MAX_ADDRESS_GAUGES}. */
	private final Set<String> addressGauges = ConcurrentHashMap.newKeySet();

	PoolMeters(MeterRegistry registry, SnapshotCache cache, @Nullable HostTags hostTags) {
		this.registry = registry;
		this.cache = cache;
		this.hostTags = hostTags;
		if (hostTags == null) {
			registerSnapshotMeters(null);
			this.untagged = new EventMeters(registry, Tags.empty());
		}
		else {
			this.untagged = null;
		}
	}

	/**
	 * Registers the meters of the hosts already in the pool; later hosts get theirs on their first event. Called once
	 * this listener is added, so that a host first seen in between is not missed.
	 */
	void registerKnownHosts() {
		if (this.hostTags != null) {
			for (String tag : this.cache.get().byTag().keySet()) {
				meters(tag);
			}
		}
	}

	@Override
	public void acquired(Route route, boolean reused, long waitNanos) {
		meters(route).acquire(AcquireOutcome.OK).record(waitNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void acquireFailed(Route route, AcquireOutcome outcome, long waitNanos) {
		meters(route).acquire(outcome).record(waitNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void dnsEnd(Route route, String host, List<InetAddress> addresses, @Nullable IOException failure,
			long nanos) {
		meters(route).dns((failure == null) ? EventMeters.SUCCESS : EventMeters.FAILURE)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void connectEnd(Route route, InetSocketAddress address, long nanos) {
		meters(route).connect(EventMeters.SUCCESS).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void connectFailed(Route route, InetSocketAddress address, IOException failure, long nanos) {
		int outcome = (failure instanceof ConnectAbandonedException) ? EventMeters.ABANDONED : EventMeters.FAILURE;
		meters(route).connect(outcome).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void tlsEnd(Route route, @Nullable IOException failure, long nanos) {
		meters(route).tls((failure == null) ? EventMeters.SUCCESS : EventMeters.FAILURE)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** Registers the reason's counter of the route's tag the first time a connection closes for it. */
	@Override
	public void connectionClosed(Route route, CloseReason reason) {
		String tag = (this.hostTags != null) ? this.hostTags.tagFor(route) : null;
		meters(route);
		closeReason(tag, reason);
	}

	@Override
	public void connectionLifetime(Route route, CloseReason reason, long lifetimeNanos) {
		meters(route).connectionDuration().record(lifetimeNanos, TimeUnit.NANOSECONDS);
	}

	private void closeReason(@Nullable String tag, CloseReason reason) {
		if (this.closeReasons.add(tag + " " + reason.name())) {
			Tags tags = (tag != null) ? Tags.of("host", tag) : Tags.empty();
			counter(EofPoolMetrics.CONNECTIONS_CLOSED, "Connections closed, by reason (a reason appears once seen)",
					tags.and("reason", EventMeters.tagValue(reason)), tag, (f) -> f.closed(reason));
		}
	}

	@Override
	public void retried(Route route, RetryReason reason) {
		meters(route).retries(reason).increment();
	}

	@Override
	public void dialAttemptFailed(Route route, InetAddress address, IOException error) {
		meters(route).dialAttemptsFailed().increment();
	}

	/** A connection reached an address: its gauge of open connections is registered the first time (bounded). */
	@Override
	public void dialConnected(Route route, InetAddress address) {
		String tag = (this.hostTags != null) ? this.hostTags.tagFor(route) : null;
		meters(route);
		String text = address.getHostAddress();
		String key = tag + " " + text;
		if (this.addressGauges.contains(key) || this.addressGauges.size() >= EofPoolMetrics.MAX_ADDRESS_GAUGES
				|| !this.addressGauges.add(key)) {
			return;
		}
		Tags tags = (tag != null) ? Tags.of("host", tag) : Tags.empty();
		gauge(EofPoolMetrics.CONNECTIONS_ADDRESS,
				"Connections open (idle and active) by the address they reached, for the first "
						+ EofPoolMetrics.MAX_ADDRESS_GAUGES + " addresses",
				tags.and("address", text), tag, (f) -> f.openTo(text));
	}

	@Override
	public void dialRaced(Route route, int attempts, int abandoned) {
		EventMeters meters = meters(route);
		meters.dialRaces().increment();
		meters.dialAbandoned().increment(abandoned);
	}

	@Override
	public void addressRetired(Route route, InetAddress address) {
		meters(route).addressesRetired().increment();
	}

	private EventMeters meters(Route route) {
		EventMeters untagged = this.untagged;
		if (untagged != null) {
			return untagged;
		}
		return meters(Objects.requireNonNull(this.hostTags).tagFor(route));
	}

	/** The event meters of a tag value, registering its meters on first use (registering twice is harmless). */
	private EventMeters meters(String tag) {
		EventMeters meters = this.byTag.get(tag);
		if (meters == null) {
			if (this.snapshotTags.add(tag)) {
				registerSnapshotMeters(tag);
			}
			meters = new EventMeters(this.registry, Tags.of("host", tag));
			EventMeters raced = this.byTag.putIfAbsent(tag, meters);
			if (raced != null) {
				meters = raced;
			}
		}
		return meters;
	}

	/** Registers the meters read from snapshots, for one tag value ({@code null}: the whole pool, no host tag). */
	private void registerSnapshotMeters(@Nullable String tag) {
		Tags tags = (tag != null) ? Tags.of("host", tag) : Tags.empty();
		gauge(EofPoolMetrics.CONNECTIONS, "Connections open, by state: idle in the pool or active (serving a request)",
				tags.and("state", "idle"), tag, (f) -> f.idle);
		gauge(EofPoolMetrics.CONNECTIONS, "Connections open, by state: idle in the pool or active (serving a request)",
				tags.and("state", "active"), tag, (f) -> f.active);
		gauge(EofPoolMetrics.CONNECTIONS_CONNECTING, "Connections being opened (connect and TLS handshake)", tags, tag,
				(f) -> f.connecting);
		gauge(EofPoolMetrics.CONNECTIONS_MAX,
				"Limit of connections per host (without host tags: the sum over the hosts in use)", tags, tag,
				(f) -> f.maxConnections);
		gauge(EofPoolMetrics.CONNECTIONS_IDLE_MAX,
				"Limit of idle connections kept per host (without host tags: the pool-wide limit)", tags, tag,
				(f) -> f.maxIdle);
		gauge(EofPoolMetrics.ACQUIRE_WAITING, "Requests waiting for a connection because their host is at its limit",
				tags, tag, (f) -> f.waiting);
		counter(EofPoolMetrics.CONNECTIONS_OPENED, "Connections opened", tags, tag, (f) -> f.counters.opened());
		PoolFigures now = this.cache.get().figures(tag);
		for (CloseReason reason : CloseReason.values()) {
			if (now.closed(reason) > 0) {
				closeReason(tag, reason); // closed before these meters existed: the others appear when first seen
			}
		}
		counter(EofPoolMetrics.CONNECT_FAILURES, "Attempts to open a connection that failed", tags, tag,
				(f) -> f.counters.connectFailures());
		counter(EofPoolMetrics.REQUESTS, "Requests that got a connection: reused from the pool, or new",
				tags.and("connection", "reused"), tag, (f) -> f.counters.reusedRequests());
		counter(EofPoolMetrics.REQUESTS, "Requests that got a connection: reused from the pool, or new",
				tags.and("connection", "new"), tag, PoolFigures::newRequests);
		counter(EofPoolMetrics.LEAKS, "Response bodies dropped without being read to the end or closed", tags, tag,
				(f) -> f.counters.leaks());
		counter(EofPoolMetrics.DRAINS,
				"Response bodies closed before their end: drained so the connection was reused, or closed",
				tags.and("outcome", "reused"), tag, (f) -> f.counters.drainsReused());
		counter(EofPoolMetrics.DRAINS,
				"Response bodies closed before their end: drained so the connection was reused, or closed",
				tags.and("outcome", "closed"), tag, (f) -> f.counters.drainsClosed());
	}

	private void gauge(String name, String description, Tags tags, @Nullable String tag,
			ToDoubleFunction<PoolFigures> value) {
		Gauge.builder(name, this.cache, (c) -> value.applyAsDouble(c.get().figures(tag)))
			.description(description)
			.tags(tags)
			.strongReference(true)
			.register(this.registry);
	}

	private void counter(String name, String description, Tags tags, @Nullable String tag,
			ToDoubleFunction<PoolFigures> value) {
		FunctionCounter.builder(name, this.cache, (c) -> value.applyAsDouble(c.get().figures(tag)))
			.description(description)
			.tags(tags)
			.register(this.registry);
	}

}
