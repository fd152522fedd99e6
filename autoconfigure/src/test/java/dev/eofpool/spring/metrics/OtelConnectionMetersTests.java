package dev.eofpool.spring.metrics;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.tls.TlsSettings;

import static dev.eofpool.spring.metrics.TestStats.of;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry-named connection meters against a real transport, only when asked for; and over hand-made
 * snapshots, the hosts they name and what they keep.
 */
@Timeout(30)
class OtelConnectionMetersTests {

	@Test
	void openConnectionsAndConnectionDurationFollowTheSemanticConventions() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"))) {
			HttpTransport transport = new HttpTransport(TransportConfig.defaults());
			try (EofPoolMetrics metrics = new EofPoolMetrics(transport, false, 20, java.time.Duration.ZERO, true)) {
				metrics.bindTo(registry);
				try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/")));
						InputStream body = response.body()) {
					assertThat(registry.get("http.client.open_connections").tags("server.address", "127.0.0.1",
							"server.port", Integer.toString(server.port()), "http.connection.state", "active")
						.gauge().value()).isEqualTo(1);
					body.readAllBytes();
				}
				assertThat(registry.get("http.client.open_connections").tags("http.connection.state", "idle")
					.gauge().value()).isEqualTo(1);
				assertThat(registry.get("http.client.open_connections").tags("http.connection.state", "active")
					.gauge().value()).isZero();
				transport.close();
				assertThat(registry.get("http.client.connection.duration").tags("server.address", "127.0.0.1",
						"server.port", Integer.toString(server.port())).timer().count()).isEqualTo(1);
				assertThat(registry.get("http.client.connection.duration").timer().totalTime(TimeUnit.NANOSECONDS))
					.isPositive();
				// the eofpool meters stay
				assertThat(registry.get("eofpool.connections.opened").functionCounter().count()).isEqualTo(1);
			}
			finally {
				transport.close();
			}
		}
	}

	@Test
	void aHostWithGaugesReadsItsOwnFiguresWhicheverOrderTheHostsAreSeenIn() {
		Route first = new Route("http", "first.example", 80);
		Route second = new Route("http", "second.example", 80);
		AtomicReference<PoolStats> stats = new AtomicReference<>(TestStats.pool().build());
		List<PoolListener> listeners = new CopyOnWriteArrayList<>();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (EofPoolMetrics metrics = new EofPoolMetrics(stats::get, listeners::add, listeners::remove, false, 1,
				Duration.ZERO, null, true)) {
			metrics.bindTo(registry);
			// the first connection opens to "first", and the snapshot lists "second" before it
			stats.set(TestStats.pool().with(second, of().idle(1)).with(first, of().idle(2)).build());
			listeners.forEach((listener) -> listener.connectionOpened(first));
			listeners.forEach((listener) -> listener.connectionOpened(second));
			assertThat(registry.get("http.client.open_connections").tags("server.address", "first.example",
					"http.connection.state", "idle").gauge().value()).isEqualTo(2);
			// past the limit of one host
			assertThat(registry.find("http.client.open_connections").tag("server.address", "second.example")
				.gauges()).isEmpty();
		}
	}

	@Test
	void connectionDurationsAreKeptPerHostNotPerRoute() {
		HostTags tags = new HostTags(20);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		OtelConnectionMeters meters = new OtelConnectionMeters(registry,
				new SnapshotCache(() -> TestStats.pool().build(), tags, registry.config().clock(), 0), tags);
		// a route per reloaded SSL bundle: the same host:port, with other TLS settings each time
		TlsSettings tls = TlsSettings.defaults();
		for (int i = 0; i < 1_000; i++) {
			Route route = new Route("https", "a.example", 443,
					tls.toBuilder().handshakeTimeout(Duration.ofMillis(1_000 + i)).build(), null);
			meters.connectionLifetime(route, CloseReason.IDLE_TIMEOUT, 1_000_000);
		}
		assertThat(meters.timers()).isEqualTo(1);
		assertThat(registry.get("http.client.connection.duration").tags("server.address", "a.example",
				"server.port", "443").timer().count()).isEqualTo(1_000);
	}

	@Test
	void noOpenTelemetryNamesUnlessAskedFor() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (HttpTransport transport = HttpTransport.create(); EofPoolMetrics metrics = new EofPoolMetrics(transport)) {
			metrics.bindTo(registry);
			assertThat(registry.find("http.client.open_connections").gauges()).isEmpty();
		}
	}

}
