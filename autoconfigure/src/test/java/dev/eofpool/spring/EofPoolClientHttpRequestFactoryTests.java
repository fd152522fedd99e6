package dev.eofpool.spring;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The request-factory cases Spring Framework runs for its own factories, plus the EOF-gated reuse the product is for,
 * against a real server on loopback.
 */
@Timeout(20)
class EofPoolClientHttpRequestFactoryTests {

	private TestHttpServer server;

	private HttpTransport transport;

	private EofPoolClientHttpRequestFactory factory;

	@BeforeEach
	void setUp() throws IOException {
		this.server = new TestHttpServer();
		this.transport = HttpTransport.create();
		this.factory = new EofPoolClientHttpRequestFactory(this.transport);
	}

	@AfterEach
	void tearDown() {
		this.factory.destroy();
		this.transport.close();
		this.server.close();
	}

	@Test
	void status() throws IOException {
		URI uri = this.server.uri("/status/notfound");
		ClientHttpRequest request = this.factory.createRequest(uri, HttpMethod.GET);
		assertThat(request.getMethod()).isEqualTo(HttpMethod.GET);
		assertThat(request.getURI()).isEqualTo(uri);
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(response.getStatusText()).isNotNull();
		}
	}

	@Test
	void echo() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.PUT);
		String headerName = "MyHeader";
		request.getHeaders().add(headerName, "value1");
		request.getHeaders().add(headerName, "value2");
		byte[] body = "Hello World".getBytes(StandardCharsets.UTF_8);
		request.getHeaders().setContentLength(body.length);
		((StreamingHttpOutputMessage) request).setBody(body);
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getHeaders().get(headerName)).containsExactly("value1", "value2");
			assertThat(StreamUtils.copyToByteArray(response.getBody())).isEqualTo(body);
		}
		TestHttpServer.Recorded recorded = this.server.takeRequest();
		assertThat(recorded.header("Content-length")).isEqualTo("11");
		assertThat(recorded.header("Host")).isEqualTo("localhost:" + this.server.port());
	}

	@Test
	void echoWithBodyWrittenToOutputStream() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		request.getHeaders().add("Content-Type", "text/plain");
		StreamUtils.copy("Hello World", StandardCharsets.UTF_8, request.getBody());
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("Hello World");
			assertThat(response.getHeaders().getContentType()).hasToString("text/plain");
		}
	}

	@Test
	void bodyOfUnknownLengthIsStreamedChunked() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		byte[] chunk = new byte[8192];
		((StreamingHttpOutputMessage) request).setBody((out) -> {
			for (int i = 0; i < 64; i++) {
				out.write(chunk);
			}
		});
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToByteArray(response.getBody())).hasSize(64 * 8192);
		}
		TestHttpServer.Recorded recorded = this.server.takeRequest();
		assertThat(recorded.header("Transfer-encoding")).isEqualTo("chunked");
		assertThat(recorded.header("Content-length")).isNull();
	}

	@Test
	void multipleWrites() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		StreamUtils.copy("Hello World".getBytes(StandardCharsets.UTF_8), request.getBody());
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			assertThatIllegalStateException().isThrownBy(request::getBody);
		}
	}

	@Test
	void headersAfterExecute() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.POST);
		request.getHeaders().add("MyHeader", "value");
		try (ClientHttpResponse response = request.execute()) {
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> request.getHeaders().add("MyHeader", "value"));
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> response.getHeaders().add("Other", "value"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD", "POST", "PUT", "PATCH", "OPTIONS", "DELETE", "TRACE" })
	void httpMethods(String method) throws Exception {
		HttpMethod httpMethod = HttpMethod.valueOf(method);
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/methods/" + method.toLowerCase()),
				httpMethod);
		if (httpMethod == HttpMethod.POST || httpMethod == HttpMethod.PUT || httpMethod == HttpMethod.PATCH) {
			request.getHeaders().setContentLength(1);
			((StreamingHttpOutputMessage) request).setBody(new byte[] { 'a' });
		}
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		assertThat(this.server.takeRequest().method()).isEqualTo(method);
	}

	@Test
	void queryParameters() throws Exception {
		URI uri = this.server.uri("/params?param1=value&param2=value1&param2=value2");
		try (ClientHttpResponse response = this.factory.createRequest(uri, HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
	void contentLengthZeroWhenUnsafeMethodHasNoBody(String method) throws Exception {
		execute(this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.valueOf(method)));
		assertThat(this.server.takeRequest().header("Content-length")).isEqualTo("0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "OPTIONS", "TRACE" })
	void noContentLengthWhenSafeMethodHasNoBody(String method) throws Exception {
		execute(this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.valueOf(method)));
		TestHttpServer.Recorded recorded = this.server.takeRequest();
		assertThat(recorded.header("Content-length")).isNull();
		assertThat(recorded.header("Transfer-encoding")).isNull();
	}

	@Test
	void bodyBufferedByAnInterceptorIsSentWithItsLength() throws Exception {
		ClientHttpRequestInterceptor passThrough = (request, body, execution) -> execution.execute(request, body);
		ClientHttpRequestFactory intercepting = new InterceptingClientHttpRequestFactory(this.factory,
				List.of(passThrough));
		ClientHttpRequest request = intercepting.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		StreamUtils.copy("Hello World", StandardCharsets.UTF_8, request.getBody());
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("Hello World");
		}
		assertThat(this.server.takeRequest().header("Content-length")).isEqualTo("11");
	}

	@Test
	void bufferedGetWithoutBodySendsNoContentLength() throws Exception {
		ClientHttpRequestFactory buffering = new BufferingClientHttpRequestFactory(this.factory);
		ClientHttpRequest request = buffering.createRequest(this.server.uri("/echo"), HttpMethod.GET);
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		assertThat(this.server.takeRequest().header("Content-length")).isNull();
	}

	@Test
	void emptyBodyOfPostIsSentAsContentLengthZero() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.POST);
		((StreamingHttpOutputMessage) request).setBody(new byte[0]);
		request.getHeaders().setContentLength(0);
		execute(request);
		assertThat(this.server.takeRequest().header("Content-length")).isEqualTo("0");
	}

	@Test
	void hostHeaderSetByTheCallerIsSent() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.GET);
		request.getHeaders().setHost(InetSocketAddress.createUnresolved("virtual.example", 8080));
		execute(request);
		assertThat(this.server.takeRequest().header("Host")).isEqualTo("virtual.example:8080");
	}

	@Test
	void headerWithLineBreakIsRejectedBeforeSending() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.GET);
		request.getHeaders().add("X-Injected", "a\r\nX-Evil: 1");
		assertThatIllegalArgumentException().isThrownBy(request::execute);
		assertThat(this.server.connections()).isZero();
	}

	@Test
	void connectionIsReusedAfterBodyIsReadToEnd() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (ClientHttpResponse response = get("/bytes/1000")) {
				assertThat(StreamUtils.copyToByteArray(response.getBody())).hasSize(1000);
			}
		}
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@Test
	void connectionIsReusedAfterUnreadBodyIsClosed() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (ClientHttpResponse response = get("/bytes/1000")) {
				assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			}
		}
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@Test
	void connectionIsReusedByRequestIssuedRightAfterFinalReadWithoutClose() throws Exception {
		for (int i = 0; i < 5; i++) {
			ClientHttpResponse response = get("/bytes/100");
			InputStream body = response.getBody();
			assertThat(body.readNBytes(100)).hasSize(100);
			assertThat(body.read()).isEqualTo(-1);
			// no close(): the read that reached EOF already gave the connection back
		}
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.transport.stats().total().reusedRequests()).isEqualTo(4);
	}

	@Test
	void closeIsIdempotentAndNeverThrows() throws Exception {
		ClientHttpResponse response = get("/bytes/10");
		response.close();
		assertThatNoException().isThrownBy(response::close);
		assertThat(this.transport.stats().total().leased()).isZero();
	}

	@Test
	void readTimeoutApplies() throws Exception {
		this.factory.setReadTimeout(Duration.ofMillis(200));
		assertThatIOException().isThrownBy(() -> get("/slow"));
		this.server.releaseSlow();
	}

	@Test
	void factoryWithSharedTransportDoesNotCloseIt() {
		EofPoolClientHttpRequestFactory shared = new EofPoolClientHttpRequestFactory(this.transport);
		shared.close();
		shared.destroy();
		assertThat(this.transport.isClosed()).isFalse();
	}

	@Test
	void factoryWithOwnTransportClosesIt() throws Exception {
		EofPoolClientHttpRequestFactory own = new EofPoolClientHttpRequestFactory();
		try (ClientHttpResponse response = own.createRequest(this.server.uri("/status/ok"), HttpMethod.GET).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		own.destroy();
		assertThat(own.getTransport().isClosed()).isTrue();
		assertThatNoException().isThrownBy(own::close);
	}

	@Test
	void timeoutsAreReadBack() {
		this.factory.setConnectTimeout(Duration.ofSeconds(3));
		this.factory.setReadTimeout(Duration.ofSeconds(7));
		assertThat(this.factory.getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.factory.getReadTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.setReadTimeout(Duration.ofSeconds(-1)));
	}

	@Test
	void repeatedResponseHeadersKeepEveryValue() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.GET);
		request.getHeaders().put("X-Many", List.of("a", "b", "c"));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getHeaders().get("X-Many")).containsExactly("a", "b", "c");
		}
	}

	private ClientHttpResponse get(String path) throws IOException {
		return this.factory.createRequest(this.server.uri(path), HttpMethod.GET).execute();
	}

	private static void execute(ClientHttpRequest request) throws IOException {
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

}
