package dev.eofpool.spring.metrics;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenTelemetry-named connection meters against a real transport, only when asked for. */
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
	void noOpenTelemetryNamesUnlessAskedFor() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (HttpTransport transport = HttpTransport.create(); EofPoolMetrics metrics = new EofPoolMetrics(transport)) {
			metrics.bindTo(registry);
			assertThat(registry.find("http.client.open_connections").gauges()).isEmpty();
		}
	}

}
