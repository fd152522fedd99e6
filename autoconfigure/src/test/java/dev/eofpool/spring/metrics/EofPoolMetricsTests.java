package dev.eofpool.spring.metrics;

import static dev.eofpool.spring.metrics.TestStats.of;
import static dev.eofpool.spring.metrics.TestStats.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.ConnectAbandonedException;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;

/**
 * Unit tests of {@link EofPoolMetrics}: snapshots come from a hand-made supplier, events are fired at the listener it
 * registers, time is a {@link MockClock}.
 */
class EofPoolMetricsTests {

	private static final Route A = route("a.example", 80);

	private static final Route B = route("b.example", 8080);

	private static final Route C = route("c.example", 443);

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final AtomicReference<PoolStats> stats = new AtomicReference<>(TestStats.pool().build());

	private final AtomicInteger snapshots = new AtomicInteger();

	private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

	private EofPoolMetrics metrics(boolean perHostTags, int maxHostTags, Duration maxAge) {
		return new EofPoolMetrics(() -> {
			this.snapshots.incrementAndGet();
			return this.stats.get();
		}, this.listeners::add, this.listeners::remove, perHostTags, maxHostTags, maxAge, this.clock);
	}

	private PoolListener listener() {
		assertThat(this.listeners).hasSize(1);
		return this.listeners.get(0);
	}

	@Test
	void gaugesAndCountersReadTheSnapshotAndAddUp() {
		this.stats.set(TestStats.pool()
			.with(A, of().idle(2).leased(3).connecting(1).waiting(4).limits(5, 2).opened(9)
				.closed(CloseReason.IDLE_TIMEOUT, 3).closed(CloseReason.DRAIN_LIMIT, 1)
				.requests(40, 31).retries(2).leaks(1).connectFailures(6).drains(7, 1))
			.build());
		metrics(false, 20, Duration.ZERO).bindTo(this.registry);
		assertThat(gauge("eofpool.connections", "state", "idle")).isEqualTo(2);
		assertThat(gauge("eofpool.connections", "state", "active")).isEqualTo(3);
		assertThat(gauge("eofpool.connections.connecting")).isEqualTo(1);
		assertThat(gauge("eofpool.acquire.waiting")).isEqualTo(4);
		assertThat(gauge("eofpool.connections.max")).isEqualTo(5);
		assertThat(gauge("eofpool.connections.idle.max")).isEqualTo(512);
		assertThat(counter("eofpool.connections.opened")).isEqualTo(9);
		assertThat(counter("eofpool.connections.closed", "reason", "idle-timeout")).isEqualTo(3);
		assertThat(counter("eofpool.connections.closed", "reason", "drain-limit")).isEqualTo(1);
		assertThat(counter("eofpool.connect.failures")).isEqualTo(6);
		assertThat(counter("eofpool.requests", "connection", "reused")).isEqualTo(31);
		assertThat(counter("eofpool.requests", "connection", "new")).isEqualTo(9);
		assertThat(counter("eofpool.leaks")).isEqualTo(1);
		assertThat(counter("eofpool.drains", "outcome", "reused")).isEqualTo(7);
		assertThat(counter("eofpool.drains", "outcome", "closed")).isEqualTo(1);
		double open = this.registry.get("eofpool.connections").gauges().stream().mapToDouble(Gauge::value).sum();
		double closed = this.registry.get("eofpool.connections.closed").functionCounters().stream()
			.mapToDouble(FunctionCounter::count).sum();
		assertThat(counter("eofpool.connections.opened") - closed).isEqualTo(open).isEqualTo(5);
	}

	@Test
	void outcomesAreRegisteredBeforeTheyHappenAndCloseReasonsWhenFirstSeen() {
		this.stats.set(TestStats.pool().with(A, of().opened(2).closed(CloseReason.IDLE_TIMEOUT, 2)).build());
		metrics(false, 20, Duration.ZERO).bindTo(this.registry);
		// only the reason the pool had already seen: 23 reasons per host are not registered up front
		assertThat(this.registry.get("eofpool.connections.closed").functionCounters())
			.extracting((c) -> c.getId().getTag("reason")).containsExactly("idle-timeout");
		assertThat(this.registry.get("eofpool.acquire").timers()).hasSize(AcquireOutcome.values().length);
		assertThat(this.registry.get("eofpool.retries").counters()).hasSize(RetryReason.values().length);
		assertThat(this.registry.get("eofpool.dns").timers()).hasSize(2);
		assertThat(this.registry.get("eofpool.connect").timers()).hasSize(3);
		assertThat(this.registry.get("eofpool.tls.handshake").timers()).hasSize(2);
		assertThat(this.registry.find("eofpool.connections.closed").tag("reason", "transport-closed")
			.functionCounter()).isNull();
		this.stats.set(TestStats.pool()
			.with(A, of().opened(2).closed(CloseReason.IDLE_TIMEOUT, 1).closed(CloseReason.TRANSPORT_CLOSED, 1))
			.build());
		listener().connectionClosed(A, CloseReason.TRANSPORT_CLOSED);
		listener().connectionClosed(A, CloseReason.TRANSPORT_CLOSED);
		assertThat(this.registry.get("eofpool.connections.closed").functionCounters()).hasSize(2);
		assertThat(counter("eofpool.connections.closed", "reason", "transport-closed")).isEqualTo(1);
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("host")).isNull());
	}

	@Test
	void phaseTimersAndConnectionDurationRecordTheCallListenersEvents() throws Exception {
		metrics(true, 20, Duration.ZERO).bindTo(this.registry);
		CallListener calls = (CallListener) listener();
		java.net.InetSocketAddress address = new java.net.InetSocketAddress("10.0.0.7", 80);
		calls.dnsEnd(A, "a.example", List.of(address.getAddress()), null, 2_000_000);
		calls.dnsEnd(A, "a.example", List.of(), new java.net.UnknownHostException("a.example"), 5_000_000);
		calls.connectEnd(A, address, 1_000_000);
		calls.connectFailed(A, address, new java.net.ConnectException("refused"), 1_000);
		calls.connectFailed(A, address, new ConnectAbandonedException("abandoned"), 300_000_000);
		calls.tlsEnd(A, null, 40_000_000);
		listener().connectionLifetime(A, CloseReason.IDLE_TIMEOUT, 60_000_000_000L);
		assertThat(phase("eofpool.dns", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2);
		assertThat(phase("eofpool.dns", "failure").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
		assertThat(phase("eofpool.connect", "success").count()).isEqualTo(1);
		assertThat(phase("eofpool.connect", "failure").count()).isEqualTo(1);
		assertThat(phase("eofpool.connect", "abandoned").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
		assertThat(phase("eofpool.tls.handshake", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
		assertThat(phase("eofpool.tls.handshake", "failure").count()).isZero();
		assertThat(this.registry.get("eofpool.connection.duration").tag("host", "a.example:80").timer()
			.totalTime(TimeUnit.SECONDS)).isEqualTo(60);
	}

	private Timer phase(String name, String outcome) {
		return this.registry.get(name).tags("host", "a.example:80", "outcome", outcome).timer();
	}

	@Test
	void scrapesReadACachedSnapshotUntilItIsOlderThanTheMaxAge() {
		this.stats.set(TestStats.pool().with(A, of().idle(1).opened(1)).build());
		metrics(false, 20, Duration.ofSeconds(1)).bindTo(this.registry);
		int before = this.snapshots.get();
		for (int i = 0; i < 10; i++) {
			this.registry.getMeters().forEach(EofPoolMetricsTests::read);
		}
		assertThat(this.snapshots.get() - before).isLessThanOrEqualTo(1);
		assertThat(gauge("eofpool.connections", "state", "idle")).isEqualTo(1);
		this.stats.set(TestStats.pool().with(A, of().idle(0).leased(1).opened(1)).build());
		this.clock.add(999, TimeUnit.MILLISECONDS);
		assertThat(gauge("eofpool.connections", "state", "idle")).isEqualTo(1);
		this.clock.add(1, TimeUnit.MILLISECONDS);
		assertThat(gauge("eofpool.connections", "state", "idle")).isZero();
		assertThat(gauge("eofpool.connections", "state", "active")).isEqualTo(1);
	}

	@Test
	void acquireTimerCountsEveryOutcomeIncludingFailedWaits() {
		metrics(false, 20, Duration.ZERO).bindTo(this.registry);
		PoolListener listener = listener();
		listener.acquired(A, true, 1_000);
		listener.acquired(A, false, 3_000_000);
		listener.acquireFailed(A, AcquireOutcome.TIMEOUT, 10_000_000_000L);
		listener.acquireFailed(B, AcquireOutcome.INTERRUPTED, 5_000_000);
		listener.acquireFailed(B, AcquireOutcome.ERROR, 7_000_000);
		assertThat(timer("ok").count()).isEqualTo(2);
		assertThat(timer("ok").totalTime(TimeUnit.NANOSECONDS)).isEqualTo(3_001_000);
		assertThat(timer("timeout").count()).isEqualTo(1);
		assertThat(timer("timeout").totalTime(TimeUnit.SECONDS)).isEqualTo(10);
		assertThat(timer("interrupted").count()).isEqualTo(1);
		assertThat(timer("error").count()).isEqualTo(1);
	}

	@Test
	void retriesAreCountedByReason() {
		metrics(false, 20, Duration.ZERO).bindTo(this.registry);
		listener().retried(A, RetryReason.CLOSED_BEFORE_RESPONSE);
		listener().retried(B, RetryReason.CLOSED_BEFORE_RESPONSE);
		listener().retried(A, RetryReason.RESET_BEFORE_RESPONSE);
		assertThat(this.registry.get("eofpool.retries").tag("reason", "closed-before-response").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("eofpool.retries").tag("reason", "reset-before-response").counter().count())
			.isEqualTo(1);
	}

	@Test
	void dialsAndRetiredAddressesAreCounted() throws Exception {
		metrics(true, 20, Duration.ZERO).bindTo(this.registry);
		java.net.InetAddress address = java.net.InetAddress.getByName("10.0.0.7");
		listener().dialAttemptFailed(A, address, new java.net.ConnectException("refused"));
		listener().dialAttemptFailed(A, address, new java.net.ConnectException("refused"));
		listener().dialRaced(A, 2, 1);
		listener().dialRaced(A, 3, 2);
		listener().addressRetired(B, address);
		assertThat(this.registry.get("eofpool.dial.attempts.failed").tag("host", "a.example:80").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("eofpool.dial.races").tag("host", "a.example:80").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("eofpool.dial.abandoned").tag("host", "a.example:80").counter().count())
			.isEqualTo(3);
		assertThat(this.registry.get("eofpool.dns.addresses.retired").tag("host", "b.example:8080").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.find("eofpool.connections.closed").tag("reason", "address-removed").functionCounter())
			.isNull();
		listener().connectionClosed(B, CloseReason.ADDRESS_REMOVED);
		assertThat(this.registry.get("eofpool.connections.closed").tags("reason", "address-removed", "host",
				"b.example:8080").functionCounter()).isNotNull();
	}

	@Test
	void connectionsPerAddressAreGaugedOnceAnAddressIsReached() throws Exception {
		this.stats.set(TestStats.pool()
			.with(A, TestStats.of().idle(3).openByAddress(java.util.Map.of("10.0.0.1", 2, "10.0.0.2", 1)))
			.with(B, TestStats.of().idle(1).openByAddress(java.util.Map.of("10.0.0.1", 1)))
			.build());
		metrics(false, 20, Duration.ZERO).bindTo(this.registry);
		assertThat(this.registry.find("eofpool.connections.address").gauges()).isEmpty();
		listener().dialConnected(A, java.net.InetAddress.getByName("10.0.0.1"));
		listener().dialConnected(B, java.net.InetAddress.getByName("10.0.0.1"));
		listener().dialConnected(A, java.net.InetAddress.getByName("10.0.0.2"));
		assertThat(this.registry.get("eofpool.connections.address").tag("address", "10.0.0.1").gauge().value())
			.isEqualTo(3);
		assertThat(this.registry.get("eofpool.connections.address").tag("address", "10.0.0.2").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.find("eofpool.connections.address").gauges()).hasSize(2);
	}

	@Test
	void hostTagsAreCappedAndTheRestFoldedIntoOther() {
		this.stats.set(TestStats.pool()
			.with(A, of().idle(1).opened(2).closed(CloseReason.IDLE_TIMEOUT, 1).requests(5, 3))
			.build());
		metrics(true, 2, Duration.ZERO).bindTo(this.registry);
		assertThat(gauge("eofpool.connections", "state", "idle", "host", "a.example:80")).isEqualTo(1);
		this.stats.set(TestStats.pool()
			.with(A, of().idle(1).opened(2).closed(CloseReason.IDLE_TIMEOUT, 1).requests(5, 3))
			.with(B, of().leased(2).opened(2).requests(2, 0))
			.with(C, of().idle(1).opened(1).requests(1, 0))
			.with(route("d.example", 80), of().leased(1).opened(3).closed(CloseReason.IO_ERROR, 2).requests(9, 6))
			.build());
		PoolListener listener = listener();
		listener.acquired(B, false, 1);
		listener.acquired(C, false, 1);
		listener.acquired(route("d.example", 80), true, 1);
		listener.retried(route("d.example", 80), RetryReason.CLOSED_BEFORE_RESPONSE);
		assertThat(this.registry.get("eofpool.connections.opened").functionCounters())
			.extracting((c) -> c.getId().getTag("host"))
			.containsExactlyInAnyOrder("a.example:80", "b.example:8080", "other");
		assertThat(gauge("eofpool.connections", "state", "active", "host", "b.example:8080")).isEqualTo(2);
		assertThat(gauge("eofpool.connections", "state", "idle", "host", "other")).isEqualTo(1);
		assertThat(gauge("eofpool.connections", "state", "active", "host", "other")).isEqualTo(1);
		assertThat(counter("eofpool.connections.opened", "host", "other")).isEqualTo(4);
		assertThat(counter("eofpool.requests", "connection", "reused", "host", "other")).isEqualTo(6);
		assertThat(this.registry.get("eofpool.acquire").tags("host", "other", "outcome", "ok").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.get("eofpool.retries").tags("host", "other", "reason", "closed-before-response")
			.counter().count()).isEqualTo(1);
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("host")).isNotNull());
		double open = this.registry.get("eofpool.connections").gauges().stream().mapToDouble(Gauge::value).sum();
		double opened = this.registry.get("eofpool.connections.opened").functionCounters().stream()
			.mapToDouble(FunctionCounter::count).sum();
		double closed = this.registry.get("eofpool.connections.closed").functionCounters().stream()
			.mapToDouble(FunctionCounter::count).sum();
		assertThat(opened - closed).isEqualTo(open).isEqualTo(5);
	}

	@Test
	void countersOfATagNeverGoBackWhenThePoolForgetsARoute() {
		this.stats.set(TestStats.pool()
			.with(A, of().opened(5).closed(CloseReason.IDLE_TIMEOUT, 5).requests(7, 2).leaks(1))
			.with(B, of().idle(1).opened(3).closed(CloseReason.IDLE_TIMEOUT, 2).requests(4, 1))
			.build());
		metrics(true, 0, Duration.ZERO).bindTo(this.registry);
		assertThat(counter("eofpool.connections.opened", "host", "other")).isEqualTo(8);
		// the pool forgot A, whose counters it now keeps only in its total
		this.stats.set(TestStats.pool()
			.with(B, of().idle(1).opened(3).closed(CloseReason.IDLE_TIMEOUT, 2).requests(4, 1))
			.build());
		assertThat(counter("eofpool.connections.opened", "host", "other")).isEqualTo(8);
		assertThat(counter("eofpool.connections.closed", "host", "other", "reason", "idle-timeout")).isEqualTo(7);
		assertThat(counter("eofpool.requests", "host", "other", "connection", "reused")).isEqualTo(3);
		assertThat(counter("eofpool.requests", "host", "other", "connection", "new")).isEqualTo(8);
		assertThat(counter("eofpool.leaks", "host", "other")).isEqualTo(1);
		assertThat(gauge("eofpool.connections", "host", "other", "state", "idle")).isEqualTo(1);
		// A is back, counted from zero again by the pool
		this.stats.set(TestStats.pool()
			.with(B, of().idle(1).opened(3).closed(CloseReason.IDLE_TIMEOUT, 2).requests(4, 1))
			.with(A, of().leased(1).opened(1).requests(1, 0))
			.build());
		assertThat(counter("eofpool.connections.opened", "host", "other")).isEqualTo(9);
		assertThat(counter("eofpool.requests", "host", "other", "connection", "new")).isEqualTo(9);
		assertThat(gauge("eofpool.connections", "host", "other", "state", "active")).isEqualTo(1);
	}

	@Test
	void aRouteForgottenAndUsedAgainBetweenTwoScrapesDoesNotSetItsCountersBack() {
		this.stats.set(TestStats.pool().with(A, of().idle(1).opened(5).requests(5, 0)).build());
		metrics(true, 20, Duration.ZERO).bindTo(this.registry);
		assertThat(counter("eofpool.connections.opened", "host", "a.example:80")).isEqualTo(5);
		// between two scrapes the pool forgot A and opened it again: its counters restarted
		this.stats.set(TestStats.pool().with(A, of().idle(1).opened(1).requests(1, 0)).build());
		assertThat(counter("eofpool.connections.opened", "host", "a.example:80")).isEqualTo(6);
		this.stats.set(TestStats.pool().with(A, of().idle(1).opened(2).requests(2, 0)).build());
		assertThat(counter("eofpool.connections.opened", "host", "a.example:80")).isEqualTo(7);
		assertThat(counter("eofpool.requests", "host", "a.example:80", "connection", "new")).isEqualTo(7);
	}

	@Test
	void aNamedHostKeepsItsNameAndItsCountsWhenItsRouteComesBack() {
		this.stats.set(TestStats.pool().with(A, of().opened(2)).build());
		metrics(true, 1, Duration.ZERO).bindTo(this.registry);
		assertThat(counter("eofpool.connections.opened", "host", "a.example:80")).isEqualTo(2);
		// the pool forgot A; B comes: the name A had is not handed on
		this.stats.set(TestStats.pool().with(B, of().idle(1).opened(4)).build());
		listener().acquired(B, false, 1);
		assertThat(counter("eofpool.connections.opened", "host", "other")).isEqualTo(4);
		assertThat(counter("eofpool.connections.opened", "host", "a.example:80")).isEqualTo(2);
		// A is back under its name, adding to what it had
		this.stats.set(TestStats.pool().with(B, of().idle(1).opened(4)).with(A, of().idle(1).opened(1)).build());
		listener().acquired(A, false, 1);
		assertThat(counter("eofpool.connections.opened", "host", "a.example:80")).isEqualTo(3);
		assertThat(gauge("eofpool.connections", "host", "a.example:80", "state", "idle")).isEqualTo(1);
		assertThat(this.registry.get("eofpool.connections.opened").functionCounters())
			.extracting((c) -> c.getId().getTag("host"))
			.containsExactlyInAnyOrder("a.example:80", "other");
	}

	@Test
	void hostsAlreadyInThePoolGetTheirMetersWhenBound() {
		this.stats.set(TestStats.pool().with(A, of().idle(1).opened(1)).with(B, of().idle(1).opened(1)).build());
		metrics(true, 20, Duration.ZERO).bindTo(this.registry);
		assertThat(this.registry.get("eofpool.connections.opened").functionCounters()).hasSize(2);
	}

	@Test
	void closeStopsListening() {
		EofPoolMetrics metrics = metrics(false, 20, Duration.ZERO);
		metrics.bindTo(this.registry);
		assertThat(this.listeners).hasSize(1);
		metrics.close();
		assertThat(this.listeners).isEmpty();
	}

	@Test
	void rejectsANegativeMaxAge() {
		assertThatIllegalArgumentException().isThrownBy(() -> metrics(false, 20, Duration.ofSeconds(-1)))
			.withMessageContaining("snapshotMaxAge");
	}

	private Timer timer(String outcome) {
		return this.registry.get("eofpool.acquire").tag("outcome", outcome).timer();
	}

	private double gauge(String name, String... tags) {
		return search(name, tags).gauge().value();
	}

	private double counter(String name, String... tags) {
		return search(name, tags).functionCounter().count();
	}

	private RequiredSearch search(String name, String... tags) {
		return this.registry.get(name).tags(tags);
	}

	private static void read(Meter meter) {
		meter.measure().forEach((m) -> m.getValue());
	}

}
