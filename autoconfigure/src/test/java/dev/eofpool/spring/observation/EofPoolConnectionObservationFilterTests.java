package dev.eofpool.spring.observation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.ObservationContextAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.eofpool.testfixtures.TestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code http.client.requests} carries {@code eofpool.connection} in a real Spring context: a {@code RestClient} from
 * the auto-configured builder calls a real server (connections counted on the server side), and Boot applies the
 * auto-configured {@link EofPoolConnectionObservationFilter} to the application's registry.
 */
@Timeout(30)
class EofPoolConnectionObservationFilterTests {

	private final ObservedApplication app = new ObservedApplication();

	@Test
	void theFirstSequentialCallIsNewAndTheSecondReused() throws Exception {
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"))) {
			this.app.runner().run((context) -> {
				RestClient client = this.app.client(context, "http://localhost:" + server.port());
				assertThat(client.get().uri("/first").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(client.get().uri("/second").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(server.accepted()).isEqualTo(1);
				assertThat(this.app.observations)
					.hasNumberOfObservationsWithNameEqualTo("http.client.requests", 2)
					.hasHandledContextsThatSatisfy((contexts) -> {
						assertThat(requests(contexts)).satisfiesExactly(
								(first) -> ObservationContextAssert.assertThat(first)
									.matches(ObservedApplication.request("/first"))
									.hasLowCardinalityKeyValue("eofpool.connection", "new"),
								(second) -> ObservationContextAssert.assertThat(second)
									.matches(ObservedApplication.request("/second"))
									.hasLowCardinalityKeyValue("eofpool.connection", "reused"));
					});
				// the key reaches the http.client.requests timer as a tag
				assertThat(this.app.spans.get("http.client.requests").tag("eofpool.connection", "reused").timer()
					.count()).isEqualTo(1);
			});
		}
	}

	@Test
	void aCallThatFailedBeforeAConnectionHasNone() throws Exception {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = probe.getLocalPort();
		}
		this.app.runner().run((context) -> {
			RestClient client = this.app.client(context, "http://127.0.0.1:" + closedPort);
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri("/refused").retrieve().body(String.class))
				.withRootCauseInstanceOf(IOException.class);
			assertThat(this.app.observations).hasNumberOfObservationsWithNameEqualTo("http.client.requests", 1)
				.hasObservationWithNameEqualTo("http.client.requests")
				.that()
				.hasError()
				.hasLowCardinalityKeyValue("eofpool.connection", "none");
		});
	}

	@Test
	void autoConfiguredWithTheObservations() {
		this.app.runner().run((context) -> assertThat(context).hasSingleBean(EofPoolConnectionObservationFilter.class)
			.hasSingleBean(EofPoolObservations.class));
	}

	private static List<Observation.Context> requests(List<Observation.Context> contexts) {
		return contexts.stream().filter(ClientRequestObservationContext.class::isInstance).toList();
	}

}
