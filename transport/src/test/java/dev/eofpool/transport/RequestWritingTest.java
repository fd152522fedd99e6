package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.testfixtures.RecordedRequest;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.internal.http1.RequestWriter;
import dev.eofpool.transport.internal.io.ScriptedWire;
import dev.eofpool.transport.internal.io.WireWriter;

/** What goes on the wire: request line, Host, lengths, chunking; and header injection refused before any byte. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestWritingTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	@BeforeEach
	void start() throws Exception {
		this.server = this.env.responding((c, r) -> c.respond(200, r.method() + " " + r.bodyText()));
		this.transport = this.env.transport(TransportConfig.defaults());
	}

	@ParameterizedTest
	@ValueSource(strings = { "value\r\nInjected: yes", "a\nb", "nul\0here", "cr\rhere" })
	void headerValueWithCrLfOrNulIsRejectedBeforeAnythingIsSent(String value) {
		assertThatThrownBy(() -> this.transport
			.send(HttpRequest.builder("GET", this.server.uri("/")).header("X-Test", value).build()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("X-Test");
		assertThat(this.server.accepted()).isZero();
	}

	@Test
	void invalidHeaderNameIsRejected() {
		assertThatThrownBy(() -> HttpRequest.builder("GET", this.server.uri("/")).header("Bad Name", "v"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Invalid header name");
		assertThatThrownBy(() -> HttpRequest.builder("GET", this.server.uri("/")).header("X:Y", "v"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void requestLineHostAndQueryAreWritten() throws Exception {
		send(HttpRequest.builder("GET", this.server.uri("/a/b%20c?x=1&y=%2F#frag")).header("X-Multi", "1")
			.header("X-Multi", "2").build()).close();
		RecordedRequest r = this.server.requests().get(0);
		assertThat(r.rawHead()).startsWith("GET /a/b%20c?x=1&y=%2F HTTP/1.1\r\nHost: 127.0.0.1:" + this.server.port()
				+ "\r\n");
		assertThat(r.headers().get("x-multi")).containsExactly("1", "2");
		assertThat(r.header("content-length")).isNull();
	}

	/**
	 * {@link URI} leaves visible non-ASCII characters unescaped in the raw path: U+0120, U+010D and U+010A cut to
	 * their low byte would be SP, CR and LF, ending the request line and adding a header of the caller's choosing.
	 */
	@Test
	void nonAsciiInTheTargetCannotSplitTheRequest() throws Exception {
		URI uri = new URI("http", null, "127.0.0.1", this.server.port(),
				"/a\u0120HTTP/1.1\u010D\u010AX-Injected:\u0120yes", null, null);
		send(HttpRequest.get(uri)).close();
		send(HttpRequest.get(this.server.uri("/next"))).close();
		assertThat(this.server.requests()).hasSize(2);
		RecordedRequest r = this.server.requests().get(0);
		assertThat(r.header("x-injected")).isNull();
		assertThat(r.target()).isEqualTo("/a%C4%A0HTTP/1.1%C4%8D%C4%8AX-Injected:%C4%A0yes");
		assertThat(r.version()).isEqualTo("HTTP/1.1");
		assertThat(this.server.requests().get(1).target()).isEqualTo("/next");
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	/** As {@link URI#toASCIIString()} sends them: each character's UTF-8 bytes, percent-encoded, in path and query. */
	@Test
	void nonAsciiTargetCharactersArePercentEncodedAsUtf8() throws Exception {
		URI uri = URI.create(
				"http://127.0.0.1:" + this.server.port() + "/caf\u00e9/x?q=\u20ac&e=\uD83D\uDE00#fr\u00e9");
		send(HttpRequest.get(uri)).close();
		RecordedRequest r = this.server.requests().get(0);
		assertThat(r.target()).isEqualTo("/caf%C3%A9/x?q=%E2%82%AC&e=%F0%9F%98%80");
		URI ascii = URI.create(uri.toASCIIString());
		assertThat(r.target()).isEqualTo(ascii.getRawPath() + "?" + ascii.getRawQuery());
	}

	/**
	 * A host from a {@link URI} is ASCII letters, digits and {@code .-:%_} only; a route made otherwise still cannot
	 * end the {@code Host} line: what is outside visible ASCII is percent-encoded as in the target.
	 */
	@Test
	void aHostOutsideVisibleAsciiCannotEndTheHostLine() throws Exception {
		ScriptedWire wire = ScriptedWire.of("", 1);
		Route route = new Route("http", "evil\u010D\u010AX-A\u0120b\r\nX-B", 80);
		RequestWriter.write(new WireWriter(wire), HttpRequest.get(URI.create("http://h/")), route);
		assertThat(wire.written()).isEqualTo("GET / HTTP/1.1\r\nHost: evil%C4%8D%C4%8AX-A%C4%A0b%0D%0AX-B\r\n\r\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
	void bodylessUnsafeMethodsSendContentLengthZero(String method) throws Exception {
		send(HttpRequest.builder(method, this.server.uri("/")).build()).close();
		assertThat(this.server.requests().get(0).header("content-length")).isEqualTo("0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "OPTIONS", "TRACE", "HEAD" })
	void bodylessSafeMethodsSendNoContentLength(String method) throws Exception {
		send(HttpRequest.builder(method, this.server.uri("/")).build()).close();
		assertThat(this.server.requests().get(0).header("content-length")).isNull();
		assertThat(this.server.requests().get(0).header("transfer-encoding")).isNull();
	}

	@Test
	void fixedLengthBodyIsSent() throws Exception {
		HttpResponse response = send(HttpRequest.builder("POST", this.server.uri("/"))
			.body(RequestBody.of("hello".getBytes(StandardCharsets.UTF_8)))
			.build());
		assertThat(this.server.requests().get(0).header("content-length")).isEqualTo("5");
		assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("POST hello");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 9, 10, 99, 100, 1024, 65_536, 1_000_001 })
	void contentLengthDigitsAreWrittenExactly(int length) throws Exception {
		try (HttpResponse response = send(HttpRequest.builder("POST", this.server.uri("/"))
			.body(RequestBody.of(new byte[length]))
			.build())) {
			response.body().readAllBytes();
		}
		assertThat(this.server.requests().get(0).header("content-length")).isEqualTo(Integer.toString(length));
	}

	/** Around the write buffer's size, a body leaves with the head in one gathering write: every byte in order. */
	@ParameterizedTest
	@ValueSource(ints = { 3_900, 4_095, 4_096, 4_097, 16_384, 70_000, 3_000_000 })
	void fixedLengthBodiesAroundTheBufferSizeArriveExactly(int length) throws Exception {
		byte[] body = new byte[length];
		new java.util.Random(length).nextBytes(body);
		try (HttpResponse response = send(HttpRequest.builder("PUT", this.server.uri("/"))
			.body(RequestBody.of(body))
			.build())) {
			response.body().readAllBytes();
		}
		assertThat(this.server.requests().get(0).body()).isEqualTo(body);
	}

	@Test
	void bodyOfUnknownLengthIsChunked() throws Exception {
		byte[] big = "0123456789".repeat(1000).getBytes(StandardCharsets.UTF_8);
		HttpResponse response = send(HttpRequest.builder("PUT", this.server.uri("/")).body(new RequestBody() {
			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				for (int i = 0; i < big.length; i += 1000) {
					out.write(big, i, 1000);
				}
			}
		}).build());
		assertThat(this.server.requests().get(0).header("transfer-encoding")).isEqualTo("chunked");
		assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
			.isEqualTo("PUT " + new String(big, StandardCharsets.UTF_8));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 9, 10, 15, 16, 255, 256, 4095, 4096, 65_535, 1_000_001 })
	void chunkSizesAreWrittenInHex(int length) throws Exception {
		byte[] chunk = new byte[length];
		new java.util.Random(length).nextBytes(chunk);
		try (HttpResponse response = send(HttpRequest.builder("PUT", this.server.uri("/")).body(new RequestBody() {
			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write(chunk, 0, length);
				out.write(chunk, 0, 1);
			}
		}).build())) {
			response.body().readAllBytes();
		}
		byte[] expected = java.util.Arrays.copyOf(chunk, length + 1);
		expected[length] = chunk[0];
		assertThat(this.server.requests().get(0).body()).isEqualTo(expected);
	}

	@Test
	void bodyShorterThanItsLengthFailsAndClosesTheConnection() {
		assertThatThrownBy(() -> send(HttpRequest.builder("POST", this.server.uri("/")).body(new RequestBody() {
			@Override
			public long contentLength() {
				return 10;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write(new byte[5]);
			}
		}).build())).isInstanceOf(HttpProtocolException.class).hasMessageContaining("wrote 5 of the 10 bytes");
		assertThat(this.transport.stats().total().idle()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	private HttpResponse send(HttpRequest request) throws IOException {
		HttpResponse response = this.transport.send(request);
		return response;
	}
}
