package dev.eofpool.spring;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The request's own bookkeeping (it implements {@code ClientHttpRequest} itself to hand its headers over in one pass):
 * the rules of Spring's {@code AbstractStreamingClientHttpRequest} still hold, every header value reaches the wire, and
 * a request allocates no more than a bounded amount beyond the raw transport's.
 */
@Timeout(30)
class EofPoolClientHttpRequestTests {

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
		this.transport.close();
		this.server.close();
	}

	@Test
	void executesOnce() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.GET);
		request.execute().close();
		assertThatIllegalStateException().isThrownBy(request::execute).withMessageContaining("already executed");
		assertThatIllegalStateException().isThrownBy(() -> ((StreamingHttpOutputMessage) request).setBody((out) -> {
		}));
	}

	@Test
	void eitherGetBodyOrSetBody() throws Exception {
		ClientHttpRequest buffered = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		buffered.getBody().write('x');
		assertThatIllegalStateException()
			.isThrownBy(() -> ((StreamingHttpOutputMessage) buffered).setBody((out) -> out.write('y')))
			.withMessageContaining("not both");
		assertThat(buffered.getBody()).isSameAs(buffered.getBody());
		ClientHttpRequest streamed = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		((StreamingHttpOutputMessage) streamed).setBody((out) -> out.write('y'));
		assertThatIllegalStateException().isThrownBy(streamed::getBody).withMessageContaining("not both");
	}

	@Test
	void attributesAreKeptForTheRequest() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.GET);
		request.getAttributes().put("k", "v");
		assertThat(request.getAttributes()).containsEntry("k", "v").isSameAs(request.getAttributes());
	}

	@Test
	void namesDifferingInCaseAreOneFieldWithEveryValueInOrder() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/status/ok"), HttpMethod.GET);
		request.getHeaders().add("X-Trace", "one");
		request.getHeaders().add("x-trace", "two");
		request.getHeaders().add("X-Other", "three");
		request.execute().close();
		TestHttpServer.Recorded recorded = this.server.takeRequest();
		assertThat(recorded.headers().get("X-trace")).containsExactly("one", "two");
		assertThat(recorded.header("X-other")).isEqualTo("three");
	}

	@Test
	void contentLengthOfTheHeadersFramesTheBody() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		byte[] body = "twelve bytes".getBytes(StandardCharsets.US_ASCII);
		request.getHeaders().setContentLength(body.length);
		((StreamingHttpOutputMessage) request).setBody((out) -> out.write(body));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToByteArray(response.getBody())).isEqualTo(body);
		}
		TestHttpServer.Recorded recorded = this.server.takeRequest();
		assertThat(recorded.header("Content-length")).isEqualTo("12");
		assertThat(recorded.header("Transfer-encoding")).isNull();
	}

	@Test
	void contentLengthThatIsNotANumberFailsAsSpringReadsIt() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.POST);
		request.getHeaders().set("Content-Length", "twelve");
		((StreamingHttpOutputMessage) request).setBody((out) -> out.write('x'));
		assertThatExceptionOfType(NumberFormatException.class).isThrownBy(request::execute);
	}

	@Test
	void responseHeadersAreCaseInsensitiveAndKeepEveryValue() throws Exception {
		ClientHttpRequest request = this.factory.createRequest(this.server.uri("/echo"), HttpMethod.GET);
		request.getHeaders().add("X-Multi", "a");
		request.getHeaders().add("X-Multi", "b");
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getHeaders().get("x-multi")).containsExactly("a", "b");
			assertThat(response.getHeaders().getFirst("X-MULTI")).isEqualTo("a");
			assertThat(response.getHeaders().headerNames()).anyMatch("X-Multi"::equalsIgnoreCase);
		}
	}

	/**
	 * What a request costs in heap beyond the raw transport's, measured on this thread: with the headers kept in
	 * {@link HeaderFields}, handed over by index, the bytes body sent as bytes and the response's headers read through
	 * a view of the transport's it is about 0.5 KB on JDK 17; 1.2 KB with a {@code LinkedCaseInsensitiveMap} behind the
	 * headers and a stream wrapper per body, 3.8 KB when Spring's header iteration (a case-insensitive name set built
	 * per call) and a full copy of the response's headers were used.
	 */
	@Test
	void allocatesLittleBeyondTheRawTransport() throws Exception {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		try (TestServer keepAlive = TestServer.responding((c, r) -> c.respond(200, "ok", "Content-Type: text/plain",
				"Cache-Control: no-store", "X-Request-Id: 42"))) {
			URI uri = keepAlive.uri("/post");
			measure(uri);
		}
	}

	private void measure(URI uri) throws Exception {
		byte[] body = new byte[256];
		byte[] scratch = new byte[4096];
		long[] bytes = ThreadAllocations.leastPerCall(4, 400, () -> {
			HttpRequest raw = HttpRequest.builder("POST", uri)
				.header("Content-Type", "application/octet-stream")
				.header("Accept", "*/*")
				.body(dev.eofpool.transport.RequestBody.of(body))
				.build();
			try (HttpResponse response = this.transport.send(raw); InputStream in = response.body()) {
				response.headers().first("Content-Type");
				drain(in, scratch);
			}
		}, () -> {
			ClientHttpRequest request = this.factory.createRequest(uri, HttpMethod.POST);
			request.getHeaders().add("Content-Type", "application/octet-stream");
			request.getHeaders().add("Accept", "*/*");
			request.getHeaders().setContentLength(body.length);
			((StreamingHttpOutputMessage) request).setBody(body);
			try (ClientHttpResponse response = request.execute(); InputStream in = response.getBody()) {
				response.getHeaders().getFirst("Content-Type");
				drain(in, scratch);
			}
		});
		assertThat(bytes[1] - bytes[0]).as("bytes a request allocates beyond the raw transport's (raw: %d)", bytes[0])
			.isLessThan(1000);
	}

	private static void drain(InputStream in, byte[] scratch) throws IOException {
		while (in.read(scratch) >= 0) {
			// read to the end: the connection goes back to the pool
		}
	}

}
