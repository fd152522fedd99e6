package dev.eofpool.spring.observation;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
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
 * {@code https} server (connections counted on the server side). A handler records each stopped observation with its
 * parent.
 */
@Timeout(30)
class EofPoolObservationsTests {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	{
		this.registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				EofPoolObservationsTests.this.stopped.add(context);
			}
		});
	}

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
			assertThat(names()).containsExactly("eofpool.acquire", "eofpool.connect", "eofpool.tls.handshake",
					"http.client.requests");
			for (Observation.Context child : this.stopped.subList(0, 3)) {
				assertThat(child.getParentObservation()).isSameAs(first);
				assertThat(child.getLowCardinalityKeyValue("server.address").getValue()).isEqualTo("localhost");
				assertThat(child.getLowCardinalityKeyValue("server.port").getValue())
					.isEqualTo(Integer.toString(server.port()));
			}
			assertThat(this.stopped.get(0).getLowCardinalityKeyValue("eofpool.connection").getValue()).isEqualTo("new");
			this.stopped.clear();
			Observation second = call(transport, uri);
			assertThat(names()).containsExactly("eofpool.acquire", "http.client.requests");
			assertThat(this.stopped.get(0).getParentObservation()).isSameAs(second);
			assertThat(this.stopped.get(0).getLowCardinalityKeyValue("eofpool.connection").getValue())
				.isEqualTo("reused");
			assertThat(server.accepted()).isEqualTo(1);
			assertThat(tls.handshakes()).hasSize(1);
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
			assertThat(this.stopped).isEmpty();
		}
	}

	@Test
	void autoConfiguredWithAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					EofPoolObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> this.registry)
			.run((context) -> assertThat(context).hasSingleBean(EofPoolObservations.class));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					EofPoolObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EofPoolObservations.class));
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

	private List<String> names() {
		return this.stopped.stream().map(Observation.Context::getName).toList();
	}

}
