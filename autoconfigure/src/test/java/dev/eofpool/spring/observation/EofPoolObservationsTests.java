package dev.eofpool.spring.observation;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.autoconfigure.observation.EofPoolObservationAutoConfiguration;
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
 * The wait, connect and handshake as child observations of the caller's current observation, against a real
 * {@code https} server (connections counted on the server side), recorded by a {@link TestObservationRegistry}.
 */
@Timeout(30)
class EofPoolObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void aFreshHttpsCallHasItsPhasesAsChildrenAndAReusedOneOnlyItsWait() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		try (TestServer server = TestServer.responding(tls, (c, r) -> c.respond(200, "ok"));
				HttpTransport transport = new HttpTransport(TransportConfig.builder()
					.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build())
					.build())) {
			transport.addCallListener(new EofPoolObservations(this.registry));
			URI uri = URI.create("https://localhost:" + server.port() + "/");
			Observation first = call(transport, uri);
			assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(names(contexts))
				.containsExactly("http.client.requests", "eofpool.acquire", "eofpool.connect", "eofpool.tls.handshake"));
			for (String child : List.of("eofpool.acquire", "eofpool.connect", "eofpool.tls.handshake")) {
				assertThat(this.registry).hasObservationWithNameEqualTo(child)
					.that()
					.hasBeenStarted()
					.hasBeenStopped()
					.hasParentObservationEqualTo(first)
					.hasLowCardinalityKeyValue("server.address", "localhost")
					.hasLowCardinalityKeyValue("server.port", Integer.toString(server.port()))
					.doesNotHaveError();
			}
			assertThat(this.registry).hasObservationWithNameEqualTo("eofpool.acquire")
				.that()
				.hasLowCardinalityKeyValue("eofpool.connection", "new");
			assertThat(this.registry).hasObservationWithNameEqualTo("eofpool.connect")
				.that()
				.hasHighCardinalityKeyValue("network.peer.address", "127.0.0.1");
			assertThat(EofPoolObservations.connection(first.getContext())).isEqualTo("new");
			this.registry.clear();
			Observation second = call(transport, uri);
			assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(names(contexts))
				.containsExactly("http.client.requests", "eofpool.acquire"));
			assertThat(this.registry).hasObservationWithNameEqualTo("eofpool.acquire")
				.that()
				.hasBeenStopped()
				.hasParentObservationEqualTo(second)
				.hasLowCardinalityKeyValue("eofpool.connection", "reused");
			assertThat(EofPoolObservations.connection(second.getContext())).isEqualTo("reused");
			assertThat(server.accepted()).isEqualTo(1);
			assertThat(tls.handshakes()).hasSize(1);
		}
	}

	@Test
	void aRetryOnAFreshConnectionIsObservedAndMarksTheCallNew() throws Exception {
		// the first connection answers once, then closes before the second response: the call retries on a new one
		try (TestServer server = TestServer.start((c) -> {
			c.readRequest();
			c.respond(200, "ok");
			if (c.index() == 0) {
				c.readRequest();
				c.close();
				return;
			}
			while (c.readRequest() != null) {
				c.respond(200, "ok");
			}
		}); HttpTransport transport = new HttpTransport(TransportConfig.defaults())) {
			transport.addCallListener(new EofPoolObservations(this.registry));
			URI uri = server.uri("/");
			call(transport, uri);
			this.registry.clear();
			Observation retried = call(transport, uri);
			assertThat(server.accepted()).isEqualTo(2);
			assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(names(contexts))
				.containsExactly("http.client.requests", "eofpool.acquire", "eofpool.connect"));
			assertThat(this.registry).hasObservationWithNameEqualTo("eofpool.acquire")
				.that()
				.hasLowCardinalityKeyValue("eofpool.connection", "reused");
			assertThat(this.registry).hasObservationWithNameEqualTo("eofpool.connect")
				.that()
				.hasBeenStopped()
				.hasParentObservationEqualTo(retried);
			// the connection the request finally went out on
			assertThat(EofPoolObservations.connection(retried.getContext())).isEqualTo("new");
		}
	}

	@Test
	void aCallWithoutACurrentObservationOpensNone() throws Exception {
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"));
				HttpTransport transport = new HttpTransport(TransportConfig.defaults())) {
			transport.addCallListener(new EofPoolObservations(this.registry));
			try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/")));
					InputStream body = response.body()) {
				body.readAllBytes();
			}
			assertThat(this.registry).doesNotHaveAnyObservation();
		}
	}

	@Test
	void autoConfiguredWithAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					EofPoolObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> this.registry)
			.run((context) -> assertThat(context).hasSingleBean(EofPoolObservations.class)
				.hasSingleBean(EofPoolConnectionObservationFilter.class));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					EofPoolObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EofPoolObservations.class)
				.doesNotHaveBean(EofPoolConnectionObservationFilter.class));
	}

	private Observation call(HttpTransport transport, URI uri) throws Exception {
		Observation parent = Observation.start("http.client.requests", this.registry);
		Observation.Scope scope = parent.openScope();
		try (HttpResponse response = transport.send(HttpRequest.get(uri)); InputStream body = response.body()) {
			assertThat(this.registry.getCurrentObservation()).isSameAs(parent);
			assertThat(body.readAllBytes()).hasSize(2);
		}
		finally {
			scope.close();
			parent.stop();
		}
		return parent;
	}

	private static List<String> names(List<Observation.Context> contexts) {
		return contexts.stream().map(Observation.Context::getName).toList();
	}

}
