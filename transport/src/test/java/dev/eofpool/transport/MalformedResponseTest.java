package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.eofpool.testfixtures.TestServer;

/**
 * Every malformed response gives a clear exception naming the route and what was wrong; the connection is closed,
 * never pooled, and the next request works on a new one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedResponseTest {

	private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	static Object[][] headErrors() {
		return new Object[][] {
			{ "HTTP/1.1 2OO OK\r\n\r\n", "Malformed status line" },
			{ "FOO\r\n\r\n", "Malformed status line" },
			{ "HTTP/2 200 OK\r\n\r\n", "Malformed status line" },
			{ "HTTP/1.1 200OK\r\n\r\n", "Malformed status line" },
			{ "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "Malformed header line" },
			{ "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", "Malformed header line" },
			{ "HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 0\r\n\r\n", "CR, LF or NUL" },
			{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", "Conflicting Content-Length" },
			{ "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!", "Conflicting Content-Length" },
			{ "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Invalid Content-Length" },
			{ "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "Invalid Content-Length" },
			{ "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n", "Invalid Content-Length" },
			{ "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "switches protocols" },
			{ "HTTP/1.x 200 OK\r\nContent-Length: 0\r\n\r\n", "Malformed status line" },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: x-custom, chunked\r\n\r\n0\r\n\r\n", "'x-custom'" },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "chunked before another coding" },
		};
	}

	@ParameterizedTest
	@MethodSource("headErrors")
	void malformedHeadFailsClearlyAndIsNotPooled(String response, String expected) throws Exception {
		serveOnceThen(response);
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(IOException.class)
			.hasMessageContaining(expected)
			.hasMessageContaining("http://127.0.0.1:" + this.server.port());
		assertNotPooledAndNextWorks(CloseReason.PROTOCOL_ERROR);
	}

	static Object[][] bodyErrors() {
		return new Object[][] {
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "Invalid chunk size",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", "Invalid chunk size",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", "no CRLF after a chunk",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", "Invalid chunk size",
					CloseReason.PROTOCOL_ERROR },
			// RFC 9112 7.1: whitespace after the size only before an extension
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n",
					"whitespace after the size without an extension", CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\t\r\nhello\r\n0\r\n\r\n",
					"whitespace after the size without an extension", CloseReason.PROTOCOL_ERROR },
			// RFC 9112 7.1 and 2.2: chunk framing lines end in CRLF; a bare LF is tolerated in the head only
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", "bare LF",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", "bare LF",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\n\r\n", "bare LF",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\n\r\n", "bare LF",
					CloseReason.PROTOCOL_ERROR },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\n", "bare LF",
					CloseReason.PROTOCOL_ERROR },
		};
	}

	@ParameterizedTest
	@MethodSource("bodyErrors")
	void malformedBodyFailsClearlyAndIsNotPooled(String response, String expected, CloseReason reason)
			throws Exception {
		serveOnceThen(response);
		HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
		assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(HttpProtocolException.class)
			.hasMessageContaining(expected)
			.hasMessageContaining("http://127.0.0.1:" + this.server.port());
		assertNotPooledAndNextWorks(reason);
	}

	static Object[][] truncations() {
		return new Object[][] {
			{ "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789", "ended after 10 of 1000 bytes" },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n", "before the last chunk after 10" },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n0123456789", "inside a chunk after 10" },
			// cut inside a framing line: between CR and LF, inside a trailer, inside a size line
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r",
					"inside the line end after a chunk's data after 10" },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\nX-Tra",
					"inside a trailer line after 10" },
			{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n1",
					"inside a chunk-size line after 10" },
		};
	}

	@ParameterizedTest
	@MethodSource("truncations")
	void truncatedBodyIsNeverReturnedShort(String response, String expected) throws Exception {
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				c.write(response);
				c.close();
				return;
			}
			while (c.readRequest() != null) {
				c.write(OK);
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
		assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(TruncatedBodyException.class)
			.hasMessageContaining(expected);
		assertNotPooledAndNextWorks(CloseReason.TRUNCATED_BODY);
	}

	@Test
	void twoMegabyteHeaderBlockFailsFast() throws Exception {
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
				for (int i = 0; head.length() < 2 * 1024 * 1024; i++) {
					head.append("X-Filler-").append(i).append(": ").append("y".repeat(1000)).append("\r\n");
				}
				try {
					c.write(head.append("\r\n").toString());
				}
				catch (IOException ex) {
					// the client stopped reading at its limit and closed
				}
				return;
			}
			while (c.readRequest() != null) {
				c.write(OK);
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(HttpProtocolException.class)
			.hasMessageContaining("larger than the limit of 65536 bytes")
			.hasMessageEndingWith("; to accept such responses raise TransportConfig.Builder.maxHeaderBlockSize");
		assertNotPooledAndNextWorks(CloseReason.PROTOCOL_ERROR);
	}

	@Test
	void endlessStatusLineFailsAtItsLimit() throws Exception {
		serveOnceThen("HTTP/1.1 200 " + "x".repeat(20_000) + "\r\n\r\n");
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(HttpProtocolException.class)
			.hasMessageContaining("status line")
			.hasMessageContaining("limit of 8192 bytes")
			.hasMessageEndingWith("; to accept such responses raise TransportConfig.Builder.maxStatusLineLength");
		assertNotPooledAndNextWorks(CloseReason.PROTOCOL_ERROR);
	}

	@Test
	void aHeadOverTheCountOrLineLimitNamesTheSettingToRaise() throws Exception {
		this.server = TestServer.start((c) -> {
			c.readRequest();
			c.write((c.index() == 0) ? "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n"
					: "HTTP/1.1 200 OK\r\nX-Long: " + "y".repeat(100) + "\r\nContent-Length: 0\r\n\r\n");
			c.awaitClientClose();
		});
		this.transport = new HttpTransport(TransportConfig.builder().maxHeaderCount(3).maxHeaderLineLength(64).build());
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(HttpProtocolException.class)
			.hasMessage("Response from http://127.0.0.1:" + this.server.port() + " has more than 3 header fields; to "
					+ "accept such responses raise TransportConfig.Builder.maxHeaderCount");
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(HttpProtocolException.class)
			.hasMessage("The header line from http://127.0.0.1:" + this.server.port() + " is longer than the limit of "
					+ "64 bytes; to accept such responses raise TransportConfig.Builder.maxHeaderLineLength");
	}

	@Test
	void chunkedWithContentLengthIsReadAsChunkedAndNeverReused() throws Exception {
		this.server = this.env.responding((c, r) -> c.write(
				"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 3; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(new String(r.body().readAllBytes(), "ISO-8859-1")).isEqualTo("hello");
		}
		assertThat(this.server.accepted()).isEqualTo(3);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.CHUNKED_WITH_CONTENT_LENGTH))
			.isEqualTo(3);
	}

	/** RFC 9112 6.3: Transfer-Encoding overrides a Content-Length beside it, which the caller must never be handed. */
	@Test
	void aContentLengthBesideTransferEncodingIsNotShownToTheCaller() throws Exception {
		this.server = this.env.start((c) -> {
			c.readRequest();
			String head = (c.index() == 0) ? "Transfer-Encoding: chunked\r\nContent-Length: 3\r\nDate: today\r\n\r\n"
					+ "5\r\nhello\r\n0\r\n\r\n" : "Content-Length: 3\r\nTransfer-Encoding: identity\r\n\r\nhello";
			c.write("HTTP/1.1 200 OK\r\n" + head);
			c.close();
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 2; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(new String(r.body().readAllBytes(), "ISO-8859-1")).isEqualTo("hello");
			assertThat(r.headers().contains("Content-Length")).as("response %d", i).isFalse();
			assertThat(r.headers().contains("Transfer-Encoding")).isTrue();
			assertThat(r.headers().first("Date")).isEqualTo((i == 0) ? "today" : null);
		}
		assertThat(this.server.accepted()).isEqualTo(2);
	}

	/** A limit of Integer.MAX_VALUE means no limit: no sum with it may wrap and refuse every head. */
	@Test
	void hugeHeadLimitsMeanNoLimit() throws Exception {
		this.server = this.env.responding((c, r) -> c.write(OK));
		this.transport = this.env.transport(TransportConfig.builder()
			.maxStatusLineLength(Integer.MAX_VALUE)
			.maxHeaderLineLength(Integer.MAX_VALUE)
			.maxHeaderBlockSize(Integer.MAX_VALUE)
			.maxHeaderCount(Integer.MAX_VALUE)
			.build());
		for (int i = 0; i < 2; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(new String(r.body().readAllBytes(), "ISO-8859-1")).isEqualTo("ok");
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	/**
	 * A header-line limit of Integer.MAX_VALUE bounds the chunk framing too: a framing line that arrives in two
	 * parts (here the CRLF after a chunk's data) must not be taken for one over the limit.
	 */
	@Test
	void hugeHeaderLineLimitStillReadsAFramingLineThatArrivesInTwoParts() throws Exception {
		CountDownLatch dataRead = new CountDownLatch(1);
		this.server = this.env.responding((c, r) -> {
			c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r");
			assertThat(dataRead.await(10, TimeUnit.SECONDS)).isTrue();
			c.write("\n0\r\n\r\n");
		});
		this.transport = this.env.transport(TransportConfig.builder().maxHeaderLineLength(Integer.MAX_VALUE).build());
		for (int i = 0; i < 2; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(new String(r.body().readNBytes(5), "ISO-8859-1")).isEqualTo("hello");
			dataRead.countDown(); // only the CR after the data has come: the rest of that line follows now
			assertThat(r.body().readAllBytes()).isEmpty();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void obsoleteLineFoldingIsUnfolded() throws Exception {
		this.server = this.env.responding((c, r) -> c.write(
				"HTTP/1.1 200 OK\r\nX-Long: one\r\n two\r\nContent-Length: 2\r\n\r\nok"));
		this.transport = this.env.transport(TransportConfig.defaults());
		HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
		assertThat(r.headers().first("x-long")).isEqualTo("one two");
		r.body().readAllBytes();
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "HTTP/1.2", "HTTP/1.9" })
	void higherMinorVersionOfHttp1IsReadAsHttp11(String version) throws Exception {
		this.server = TestServer.responding((c, r) -> c.write(version + " 200 OK\r\nContent-Length: 2\r\n\r\nok"));
		this.transport = new HttpTransport(TransportConfig.defaults());
		for (int i = 0; i < 2; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(r.status()).isEqualTo(200);
			assertThat(r.version()).isEqualTo("HTTP/1.1");
			assertThat(new String(r.body().readAllBytes(), "ISO-8859-1")).isEqualTo("ok");
		}
		assertThat(this.server.accepted()).isEqualTo(1); // kept alive as HTTP/1.1 is
	}

	@Test
	void whitespaceBeforeAChunkExtensionAndBareLfInTheHeadAreAccepted() throws Exception {
		this.server = TestServer.responding((c, r) -> c.write("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n"
				+ "5 ;a=b\r\nhello\r\n3\t; x\r\n!!!\r\n0\r\n\r\n"));
		this.transport = new HttpTransport(TransportConfig.defaults());
		for (int i = 0; i < 2; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(new String(r.body().readAllBytes(), "ISO-8859-1")).isEqualTo("hello!!!");
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	/** The first connection gets the bad response; later ones are served normally. */
	private void serveOnceThen(String bad) throws IOException {
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				c.write(bad);
				c.awaitClientClose();
				return;
			}
			while (c.readRequest() != null) {
				c.write(OK);
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
	}

	private void assertNotPooledAndNextWorks(CloseReason reason) throws Exception {
		RouteStats total = this.transport.stats().total();
		assertThat(total.idle()).isZero();
		assertThat(total.leased()).isZero();
		assertThat(total.closedByReason().get(reason)).isEqualTo(1);
		HttpResponse next = this.transport.send(HttpRequest.get(this.server.uri("/")));
		assertThat(next.reusedConnection()).isFalse();
		assertThat(new String(next.body().readAllBytes(), "ISO-8859-1")).isEqualTo("ok");
		assertThat(this.server.accepted()).isEqualTo(2);
		PoolAssertions.assertBalanced(this.transport.stats());
	}
}
