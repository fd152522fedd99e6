package dev.eofpool.spring;

import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.eofpool.testfixtures.RecordedRequest;
import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POST through {@link RestClient}, the way applications send one: Spring's byte-array converter streams the body
 * into the request ({@code setBody(Body)}), an interceptor chain hands it over as bytes ({@code setBody(byte[])}).
 * Either way the server gets every byte with a {@code Content-Length}, a reused connection found reset is retried with
 * the body sent again. What it costs in heap beyond the raw transport's is {@link RestClientAllocationTests}' to say.
 */
@Timeout(60)
class RestClientPostTests {

	@ParameterizedTest(name = "{0} bytes, interceptor {1}")
	@CsvSource({ "0, false", "1, false", "1024, false", "1048576, false", "0, true", "1, true", "1024, true",
			"1048576, true" })
	void bodyArrivesIntactWithItsLength(int size, boolean intercepted) throws Exception {
		byte[] body = bytes(size);
		try (TestHttpServer server = new TestHttpServer(); HttpTransport transport = HttpTransport.create()) {
			RestClient client = client(transport, intercepted);
			for (int i = 0; i < 2; i++) {
				String answer = client.post()
					.uri(server.uri("/upload"))
					.contentType(MediaType.APPLICATION_OCTET_STREAM)
					.body(body)
					.retrieve()
					.body(String.class);
				assertThat(answer).isEqualTo("Received POST request to /upload");
				TestHttpServer.Recorded recorded = server.takeRequest();
				assertThat(recorded.body()).as("body as the server read it").isEqualTo(body);
				assertThat(recorded.header("Content-length")).isEqualTo(Integer.toString(size));
				assertThat(recorded.header("Transfer-encoding")).isNull();
			}
			assertThat(server.connections()).as("the second POST reused the connection").isEqualTo(1);
		}
	}

	@ParameterizedTest(name = "interceptor {0}")
	@ValueSource(booleans = { false, true })
	void postOnAReusedConnectionFoundResetIsSentAgainWithItsBody(boolean intercepted) throws Exception {
		CountDownLatch reset = new CountDownLatch(1);
		try (TestServer server = TestServer.start((c) -> {
			RecordedRequest r;
			while ((r = c.readRequest()) != null) {
				c.respond(200, "ok " + r.method() + " " + r.body().length);
				if (c.index() == 0) {
					// a reset the client sees before its next write: that write fails, nothing of the POST is sent
					c.reset();
					reset.countDown();
					return;
				}
			}
		}); HttpTransport transport = new HttpTransport(
				TransportConfig.builder().validateAfterIdle(Duration.ofHours(1)).build())) {
			RestClient client = client(transport, intercepted);
			assertThat(client.get().uri(server.uri("/first")).retrieve().body(String.class)).isEqualTo("ok GET 0");
			assertThat(reset.await(10, TimeUnit.SECONDS)).isTrue();
			byte[] body = bytes(1024);
			String answer = client.post()
				.uri(server.uri("/second"))
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.body(body)
				.retrieve()
				.body(String.class);
			assertThat(answer).isEqualTo("ok POST 1024");
			assertThat(transport.stats().total().retries()).as("sent again after the reset").isEqualTo(1);
			assertThat(server.accepted()).isEqualTo(2);
			RecordedRequest post = server.requests().get(1);
			assertThat(post.connectionIndex()).isEqualTo(1);
			assertThat(post.body()).isEqualTo(body);
			assertThat(server.requests()).hasSize(2);
		}
	}

	private static RestClient client(HttpTransport transport, boolean intercepted) {
		RestClient.Builder builder = RestClient.builder().requestFactory(new EofPoolClientHttpRequestFactory(transport));
		if (intercepted) {
			builder.requestInterceptor((request, body, execution) -> execution.execute(request, body));
		}
		return builder.build();
	}

	/** Bytes that differ from one position to the next, so a byte lost, doubled or moved shows. */
	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
