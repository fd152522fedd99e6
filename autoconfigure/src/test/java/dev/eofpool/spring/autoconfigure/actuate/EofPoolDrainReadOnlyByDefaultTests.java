package dev.eofpool.spring.autoconfigure.actuate;

import java.net.http.HttpResponse;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint exposed without opening its access: reads work, the drain is not mapped, so nothing is closed.
 */
@SpringBootTest(classes = EofPoolDrainOverHttpTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=eofpool")
@Timeout(60)
class EofPoolDrainReadOnlyByDefaultTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private HttpTransport transport;

	@Test
	void theDrainNeedsUnrestrictedAccess() throws Exception {
		RestClient client = this.restClientBuilder.baseUrl("http://127.0.0.9:" + this.port).build();
		client.get().uri("/hello").retrieve().body(String.class);
		HttpResponse<String> response = EofPoolDrainOverHttpTests.post(this.port,
				"/actuator/eofpool/127.0.0.9:" + this.port, "{\"action\":\"drain\"}");
		assertThat(response.statusCode()).isIn(404, 405);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.DRAINED)).isZero();
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
	}

}
