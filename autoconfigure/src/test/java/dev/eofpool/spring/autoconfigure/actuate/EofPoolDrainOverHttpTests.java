package dev.eofpool.spring.autoconfigure.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/eofpool/{host}} over HTTP, with the endpoint's access opened
 * ({@code management.endpoint.eofpool.access=unrestricted}): the host's idle connection closes at once and the next
 * call opens a fresh one. The actuator is called over the JDK's client, so it does not touch the pool.
 */
@SpringBootTest(classes = EofPoolDrainOverHttpTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=eofpool",
				"management.endpoint.eofpool.access=unrestricted", "server.tomcat.max-keep-alive-requests=-1" })
@Timeout(60)
class EofPoolDrainOverHttpTests {

	/** Release 17 API: HttpClient is not AutoCloseable there; one client for every test, never the pool's. */
	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private HttpTransport transport;

	@Test
	void postingADrainClosesTheHostsIdleConnectionsAndTheNextCallOpensAFreshOne() throws Exception {
		// 127.0.0.9: a route of this test's own
		RestClient client = this.restClientBuilder.baseUrl("http://127.0.0.9:" + this.port).build();
		client.get().uri("/hello").retrieve().body(String.class);
		client.get().uri("/hello").retrieve().body(String.class);
		long opened = this.transport.stats().total().opened();
		HttpResponse<String> response = post("/actuator/eofpool/127.0.0.9:" + this.port,
				"{\"action\":\"drain\",\"refuseFor\":\"0s\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"idleClosed\":1").contains("\"hosts\":[\"127.0.0.9:" + this.port);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.DRAINED)).isEqualTo(1);
		client.get().uri("/hello").retrieve().body(String.class);
		assertThat(this.transport.stats().total().opened()).isEqualTo(opened + 1);
		HttpResponse<String> unknown = post("/actuator/eofpool/127.0.0.9:" + this.port, "{\"action\":\"restart\"}");
		assertThat(unknown.statusCode()).isEqualTo(400);
	}

	static HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
		return post(this.port, path, json);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Hello.class)
	static class TestApplication {

	}

	@RestController
	static class Hello {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
