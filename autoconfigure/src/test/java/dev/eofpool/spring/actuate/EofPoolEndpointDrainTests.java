package dev.eofpool.spring.actuate;

import java.io.IOException;
import java.time.Duration;

import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.spring.actuate.EofPoolEndpoint.DrainDescriptor;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HostDrainedException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The endpoint's drain, on a real transport, counted on the server's side. */
@Timeout(30)
class EofPoolEndpointDrainTests {

	private final TestHttpServer server;

	private final HttpTransport transport = new HttpTransport(TransportConfig.builder().maxConnectionsTotal(10).build());

	private final EofPoolEndpoint endpoint = new EofPoolEndpoint(this.transport);

	EofPoolEndpointDrainTests() throws IOException {
		this.server = new TestHttpServer();
	}

	@AfterEach
	void close() {
		this.transport.close();
		this.server.close();
	}

	@Test
	void drainClosesTheHostsIdleConnectionsAndLaterRequestsOpenFreshOnes() throws IOException {
		get();
		get();
		assertThat(this.server.connections()).isEqualTo(1);
		DrainDescriptor drained = this.endpoint.hostAction("localhost:" + this.server.port(), "drain", null);
		assertThat(drained.idleClosed()).isEqualTo(1);
		assertThat(drained.hosts()).containsExactly("localhost:" + this.server.port());
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.DRAINED)).isEqualTo(1);
		get();
		assertThat(this.server.connections()).isEqualTo(2);
	}

	@Test
	void drainWithRefuseForFailsNewConnectionsAndAHostWithoutPortDrainsItsKnownPorts() throws IOException {
		get();
		DrainDescriptor drained = this.endpoint.hostAction("LOCALHOST", "drain", Duration.ofMinutes(1));
		assertThat(drained.hosts()).containsExactly("localhost:" + this.server.port());
		assertThat(drained.refuseFor()).isEqualTo("PT1M");
		assertThatExceptionOfType(HostDrainedException.class).isThrownBy(this::get)
			.withMessageContaining("localhost:" + this.server.port());
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@Test
	void anUnknownActionOrHostIsABadRequest() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.hostAction("localhost:1", "restart", null))
			.withMessageContaining("drain");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.hostAction("nowhere", "drain", null))
			.withMessageContaining("host:port");
	}

	@Test
	void theEndpointIsReadOnlyByDefaultAndShowsTheTotalCap() {
		assertThat(EofPoolEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
		assertThat(this.endpoint.pool().maxConnectionsTotal()).isEqualTo(10);
	}

	private void get() throws IOException {
		try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/status/ok")))) {
			response.body().readAllBytes();
		}
	}

}
