package dev.eofpool.spring.metrics;

import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.tls.TlsSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phase timers against a real transport and a real {@code https} server: one lookup, one connect and one
 * handshake for two calls on one connection, the acquire timer as the wait only, and the connection's lifetime with its
 * close reason registered when it closes.
 */
@Timeout(30)
class EofPoolPhaseMetersTests {

	@Test
	void aRealCallFeedsThePhaseTimers() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		try (TestServer server = TestServer.responding(tls, (c, r) -> c.respond(200, "ok"))) {
			HttpTransport transport = new HttpTransport(TransportConfig.builder()
				.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build())
				.build());
			try (EofPoolMetrics metrics = new EofPoolMetrics(transport)) {
				metrics.bindTo(registry);
				URI uri = URI.create("https://localhost:" + server.port() + "/");
				for (int i = 0; i < 2; i++) {
					try (HttpResponse response = transport.send(HttpRequest.get(uri));
							InputStream body = response.body()) {
						assertThat(body.readAllBytes()).hasSize(2);
					}
				}
				assertThat(server.accepted()).isEqualTo(1);
				assertThat(registry.get("eofpool.dns").tag("outcome", "success").timer().count()).isEqualTo(1);
				assertThat(registry.get("eofpool.connect").tag("outcome", "success").timer().count()).isEqualTo(1);
				assertThat(registry.get("eofpool.tls.handshake").tag("outcome", "success").timer().count())
					.isEqualTo(1);
				long handshake = (long) registry.get("eofpool.tls.handshake").tag("outcome", "success").timer()
					.totalTime(TimeUnit.NANOSECONDS);
				assertThat(handshake).isPositive();
				assertThat(registry.get("eofpool.acquire").tag("outcome", "ok").timer().count()).isEqualTo(2);
				// neither call waited at a limit: the handshake is not in the acquire timer any more
				assertThat(registry.get("eofpool.acquire").tag("outcome", "ok").timer().totalTime(TimeUnit.NANOSECONDS))
					.isLessThan(handshake);
				assertThat(registry.find("eofpool.connections.closed").functionCounters()).isEmpty();
				transport.close();
				assertThat(registry.get("eofpool.connection.duration").timer().count()).isEqualTo(1);
				assertThat(registry.get("eofpool.connections.closed").tag("reason", "transport-closed")
					.functionCounter()).isNotNull();
			}
			finally {
				transport.close();
			}
		}
	}

}
