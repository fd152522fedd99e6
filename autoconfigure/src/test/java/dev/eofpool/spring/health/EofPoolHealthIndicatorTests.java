package dev.eofpool.spring.health;

import static dev.eofpool.spring.metrics.TestStats.of;
import static dev.eofpool.spring.metrics.TestStats.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.eofpool.spring.metrics.TestStats;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;

/**
 * Unit tests of {@link EofPoolHealthIndicator} over hand-made snapshots, with events fired at its listener and time
 * moved by hand.
 */
class EofPoolHealthIndicatorTests {

	private static final Route A = route("a.example", 80);

	private static final Route B = route("b.example", 8080);

	private final AtomicReference<PoolStats> stats = new AtomicReference<>(TestStats.pool().build());

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

	private EofPoolHealthIndicator indicator(EofPoolHealthPolicy policy) {
		return new EofPoolHealthIndicator(this.stats::get, this.listeners::add, this.listeners::remove, this.now::get,
				policy);
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	@Test
	void upWithDetailsPerHostAndTotals() {
		this.stats.set(TestStats.pool()
			.with(A, of().idle(2).leased(1).waiting(0).limits(10, 5)
				.idleTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), null, Duration.ofMillis(4500)))
			.with(B, of().leased(3).connecting(1))
			.build());
		Health health = indicator(EofPoolHealthPolicy.defaults()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("closed", false);
		assertThat(health.getDetails().get("total")).isEqualTo(
				Map.of("idle", 2, "active", 4, "connecting", 1, "waiting", 0, "open", 6));
		Map<String, Object> a = host(health, "a.example:80");
		assertThat(a).containsEntry("idle", 2).containsEntry("active", 1).containsEntry("waiting", 0)
			.containsEntry("limit", 10).containsEntry("recentConnectFailures", 0)
			.containsEntry("effectiveIdleTimeout", "PT4.5S")
			.doesNotContainKeys("saturatedFor", "lastError");
		assertThat(host(health, "b.example:8080")).containsEntry("active", 3);
		assertThat(health.getDetails()).doesNotContainKeys("saturated", "connectFailing", "hostsOmitted");
	}

	@Test
	void downOnceTheTransportIsClosed() {
		this.stats.set(TestStats.pool().with(A, of().idle(0)).closed(true).build());
		Health health = indicator(EofPoolHealthPolicy.defaults()).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("closed", true);
	}

	@Test
	void saturationIsReportedOnceItLastedTheConfiguredTimeAndKeepsUpByDefault() {
		EofPoolHealthIndicator indicator = indicator(EofPoolHealthPolicy.defaults());
		this.stats.set(TestStats.pool().with(A, of().leased(4).waiting(3).limits(4, 4)).build());
		assertThat(indicator.health().getDetails()).doesNotContainKey("saturated");
		advance(Duration.ofSeconds(29));
		assertThat(indicator.health().getDetails()).doesNotContainKey("saturated");
		advance(Duration.ofSeconds(1));
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("saturated", List.of("a.example:80"));
		assertThat(host(health, "a.example:80")).containsEntry("saturatedFor", "PT30S");
		// a check that sees no waiter ends the episode
		this.stats.set(TestStats.pool().with(A, of().leased(4).waiting(0).limits(4, 4)).build());
		assertThat(indicator.health().getDetails()).doesNotContainKey("saturated");
		this.stats.set(TestStats.pool().with(A, of().leased(4).waiting(3).limits(4, 4)).build());
		advance(Duration.ofSeconds(10));
		assertThat(indicator.health().getDetails()).doesNotContainKey("saturated");
	}

	@Test
	void saturationMapsToTheConfiguredStatus() {
		EofPoolHealthIndicator indicator = indicator(new EofPoolHealthPolicy(2, Duration.ZERO, Status.OUT_OF_SERVICE,
				3, Duration.ofMinutes(1), Status.UP, 50));
		this.stats.set(TestStats.pool().with(A, of().waiting(1)).build());
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.stats.set(TestStats.pool().with(A, of().waiting(2)).build());
		assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void repeatedConnectFailuresAreReportedWithTheLastError() {
		EofPoolHealthIndicator indicator = indicator(new EofPoolHealthPolicy(1, Duration.ofSeconds(30), Status.UP, 3,
				Duration.ofMinutes(1), new Status("DEGRADED"), 50));
		this.stats.set(TestStats.pool().with(A, of().connectFailures(3).lastError("Connection refused")).with(B, of())
			.build());
		PoolListener listener = this.listeners.get(0);
		listener.connectFailed(A, new ConnectException("Connection refused"));
		listener.connectFailed(A, new ConnectException("Connection refused"));
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(host(health, "a.example:80")).containsEntry("recentConnectFailures", 2);
		listener.connectFailed(A, new ConnectException("Connection refused"));
		health = indicator.health();
		assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
		assertThat(health.getDetails()).containsEntry("connectFailing", List.of("a.example:80"));
		assertThat(host(health, "a.example:80")).containsEntry("recentConnectFailures", 3)
			.containsEntry("lastError", "Connection refused");
		assertThat(host(health, "b.example:8080")).containsEntry("recentConnectFailures", 0);
		// failures older than the window are no longer recent
		advance(Duration.ofMinutes(1).plusNanos(1));
		health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(host(health, "a.example:80")).containsEntry("recentConnectFailures", 0);
	}

	@Test
	void aHostWithSeveralAddressesShowsItsSpreadAndItsFailingAddressesWithoutTrouble() throws Exception {
		EofPoolHealthIndicator indicator = indicator(EofPoolHealthPolicy.defaults());
		this.stats.set(TestStats.pool().with(A, of().idle(3).openByAddress(Map.of("10.0.0.1", 2, "10.0.0.2", 1)))
			.with(B, of().idle(1).openByAddress(Map.of("10.0.0.9", 1)))
			.build());
		PoolListener listener = this.listeners.get(0);
		listener.dialAttemptFailed(A, java.net.InetAddress.getByName("10.0.0.3"), new ConnectException("timed out"));
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).doesNotContainKey("connectFailing");
		assertThat(host(health, "a.example:80")).containsEntry("openByAddress", Map.of("10.0.0.1", 2, "10.0.0.2", 1))
			.containsEntry("recentlyFailedAddresses", List.of("10.0.0.3"));
		assertThat(host(health, "b.example:8080")).doesNotContainKeys("openByAddress", "recentlyFailedAddresses");
		advance(Duration.ofMinutes(1).plusNanos(1));
		assertThat(host(indicator.health(), "a.example:80")).doesNotContainKey("recentlyFailedAddresses");
	}

	@Test
	void aSuccessfulConnectEndsTheRun() {
		EofPoolHealthIndicator indicator = indicator(EofPoolHealthPolicy.defaults());
		this.stats.set(TestStats.pool().with(A, of()).build());
		PoolListener listener = this.listeners.get(0);
		for (int i = 0; i < 5; i++) {
			listener.connectFailed(A, new IOException("boom"));
		}
		assertThat(indicator.health().getDetails()).containsKey("connectFailing");
		listener.connectionOpened(A);
		assertThat(indicator.health().getDetails()).doesNotContainKey("connectFailing");
		assertThat(host(indicator.health(), "a.example:80")).containsEntry("recentConnectFailures", 0);
	}

	@Test
	void failuresOfRoutesThePoolForgotAreForgottenOnceOutsideTheWindow() throws Exception {
		EofPoolHealthIndicator indicator = indicator(EofPoolHealthPolicy.defaults());
		PoolListener listener = this.listeners.get(0);
		InetAddress address = InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 });
		for (int i = 0; i < 10_000; i++) {
			Route route = route("h" + i + ".example", 80);
			if (i % 2 == 0) {
				listener.connectFailed(route, new ConnectException("Connection refused"));
			}
			else {
				listener.dialAttemptFailed(route, address, new ConnectException("Connection refused"));
			}
		}
		// A stays in the pool, two failures into a run
		listener.connectFailed(A, new ConnectException("Connection refused"));
		listener.connectFailed(A, new ConnectException("Connection refused"));
		this.stats.set(TestStats.pool().with(A, of()).build());
		indicator.health();
		// recent failures count even for a route the snapshot does not hold (it may have come after it)
		assertThat(indicator.connectFailureRoutes()).isEqualTo(10_001);
		advance(Duration.ofMinutes(1).plusNanos(1));
		indicator.health();
		assertThat(indicator.connectFailureRoutes()).isEqualTo(1);
		// A's run goes on: its failures in a row are kept while it is in the pool
		listener.connectFailed(A, new ConnectException("Connection refused"));
		Health health = indicator.health();
		assertThat(host(health, "a.example:80")).containsEntry("recentConnectFailures", 3);
		assertThat(health.getDetails()).containsEntry("connectFailing", List.of("a.example:80"));
	}

	@Test
	void hostsWithAProblemAreListedFirstAndTheListIsCapped() {
		EofPoolHealthIndicator indicator = indicator(new EofPoolHealthPolicy(1, Duration.ZERO, Status.UP, 3,
				Duration.ofMinutes(1), Status.UP, 2));
		TestStats pool = TestStats.pool();
		for (int i = 0; i < 5; i++) {
			pool.with(route("h" + i, 80), of());
		}
		pool.with(route("busy", 80), of().waiting(1));
		this.stats.set(pool.build());
		Health health = indicator.health();
		@SuppressWarnings("unchecked")
		Map<String, Object> hosts = (Map<String, Object>) health.getDetails().get("hosts");
		assertThat(hosts.keySet()).containsExactly("busy:80", "h0:80");
		assertThat(health.getDetails()).containsEntry("hostsOmitted", 4);
	}

	@Test
	void noHostsYet() {
		Health health = indicator(EofPoolHealthPolicy.defaults()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("hosts", Map.of());
	}

	@Test
	void closeStopsListening() {
		EofPoolHealthIndicator indicator = indicator(EofPoolHealthPolicy.defaults());
		assertThat(this.listeners).hasSize(1);
		indicator.close();
		assertThat(this.listeners).isEmpty();
	}

	@Test
	void statusOrderPutsCustomStatusesBetweenOutOfServiceAndUp() {
		Status degraded = new Status("DEGRADED");
		assertThat(EofPoolHealthIndicator.worse(Status.UP, degraded)).isEqualTo(degraded);
		assertThat(EofPoolHealthIndicator.worse(degraded, Status.OUT_OF_SERVICE)).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(EofPoolHealthIndicator.worse(Status.DOWN, Status.OUT_OF_SERVICE)).isEqualTo(Status.DOWN);
		assertThat(EofPoolHealthIndicator.worse(Status.UP, Status.UP)).isEqualTo(Status.UP);
	}

	@Test
	void statusCodesAreReadLeniently() {
		assertThat(EofPoolHealthPolicy.status("out-of-service")).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(EofPoolHealthPolicy.status(" down ")).isEqualTo(Status.DOWN);
		assertThatIllegalArgumentException().isThrownBy(() -> EofPoolHealthPolicy.status(" "));
	}

	@Test
	void policyRejectsValuesThatMakeNoSense() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EofPoolHealthPolicy(0, Duration.ZERO, Status.UP, 3, Duration.ZERO, Status.UP, 1))
			.withMessageContaining("saturationWaiting");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EofPoolHealthPolicy(1, Duration.ofSeconds(-1), Status.UP, 3, Duration.ZERO,
					Status.UP, 1))
			.withMessageContaining("saturationDuration");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> host(Health health, String name) {
		Map<String, Object> hosts = (Map<String, Object>) health.getDetails().get("hosts");
		assertThat(hosts).containsKey(name);
		return (Map<String, Object>) hosts.get(name);
	}

}
