package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;

/**
 * The product's core promise: a connection is back in the pool before the read that reaches the end of its body
 * returns, so sequential requests that read their bodies reuse one connection, with or without close.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EofGateTest {

	/** Every framing a reusable response can have. */
	enum Framing {

		FIXED("GET", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world", "hello world"),
		CHUNKED("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
				"hello world"),
		CHUNKED_TRAILERS("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb;ext=1\r\nhello world\r\n0\r\n"
				+ "Checksum: abc\r\n\r\n", "hello world"),
		EMPTY("GET", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", ""),
		HEAD("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", ""),
		NO_CONTENT("DELETE", "HTTP/1.1 204 No Content\r\n\r\n", ""),
		NOT_MODIFIED("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n", ""),
		CONTINUE_THEN_OK("GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
				+ "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok");

		final String method;

		final String response;

		final String body;

		Framing(String method, String response, String body) {
			this.method = method;
			this.response = response;
			this.body = body;
		}
	}

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	private void serve(Framing framing) throws Exception {
		this.server = this.env.responding((c, r) -> c.write(framing.response));
		this.transport = this.env.transport(TransportConfig.builder().build());
	}

	private HttpResponse send(Framing framing) throws Exception {
		return this.transport.send(HttpRequest.builder(framing.method, this.server.uri("/x")).build());
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void hundredSequentialRequestsReadToEofWithoutCloseUseOneConnection(Framing framing) throws Exception {
		serve(framing);
		for (int i = 0; i < 100; i++) {
			HttpResponse response = send(framing);
			assertThat(new String(readToEof(response.body()), "ISO-8859-1")).isEqualTo(framing.body);
			// no close(): the read that returned -1 already released the connection
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		RouteStats total = this.transport.stats().total();
		assertThat(total.opened()).isEqualTo(1);
		assertThat(total.reusedRequests()).isEqualTo(99);
		assertThat(total.idle()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void hundredSequentialRequestsClosedUseOneConnection(Framing framing) throws Exception {
		serve(framing);
		for (int i = 0; i < 100; i++) {
			try (HttpResponse response = send(framing)) {
				assertThat(response.status()).isBetween(200, 399);
			}
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void connectionIsIdleBeforeTheFinalReadReturns(Framing framing) throws Exception {
		serve(framing);
		for (int i = 0; i < 20; i++) {
			HttpResponse response = send(framing);
			readToEof(response.body());
			// the next request is issued right after read() returned -1: the connection must already be idle
			assertThat(this.transport.stats().total().idle()).isEqualTo(1);
			assertThat(this.transport.stats().total().leased()).isZero();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void fixedLengthBodyReleasesInsideTheReadReturningTheLastByte() throws Exception {
		serve(Framing.FIXED);
		HttpResponse response = send(Framing.FIXED);
		byte[] exact = response.body().readNBytes(11); // a JSON parser stops here, never asking for -1
		assertThat(new String(exact, "ISO-8859-1")).isEqualTo("hello world");
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
		send(Framing.FIXED).body().readNBytes(11);
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void chunkedBodyWithBufferedLastChunkReleasesInsideTheReadReturningTheLastByte() throws Exception {
		serve(Framing.CHUNKED_TRAILERS);
		HttpResponse response = send(Framing.CHUNKED_TRAILERS);
		// the server wrote the whole response at once, so the last chunk is buffered with the data
		byte[] exact = response.body().readNBytes(11);
		assertThat(new String(exact, "ISO-8859-1")).isEqualTo("hello world");
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
	}

	@Test
	void chunkedBodyWhoseLastChunkArrivesLaterReleasesAtEof() throws Exception {
		CountDownLatch lastChunk = new CountDownLatch(1);
		this.server = this.env.responding((c, r) -> {
			c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
			if (r.connectionIndex() == 0 && this.server.requests().size() == 1) {
				// the first response's last chunk comes only when the test says so
				Waits.await(lastChunk, "the test to ask for the last chunk");
			}
			c.write("0\r\n\r\n");
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/")));
		InputStream body = response.body();
		assertThat(body.readNBytes(3)).containsExactly('a', 'b', 'c');
		// the data is read but the body has not ended: the connection stays leased
		assertThat(this.transport.stats().total().leased()).isEqualTo(1);
		assertThat(this.transport.stats().total().idle()).isZero();
		lastChunk.countDown();
		assertThat(body.read()).isEqualTo(-1); // blocks until the last chunk arrives
		// no close(): the read that returned -1 already put the connection back
		RouteStats total = this.transport.stats().total();
		assertThat(total.idle()).isEqualTo(1);
		assertThat(total.leased()).isZero();
		assertThat(readToEof(this.transport.send(HttpRequest.get(this.server.uri("/"))).body())).containsExactly('a',
				'b', 'c');
		assertThat(this.server.accepted()).as("connections the server accepted").isEqualTo(1);
		assertThat(this.server.requests()).hasSize(2).allSatisfy((r) -> assertThat(r.connectionIndex()).isZero());
		assertThat(this.transport.stats().total().reusedRequests()).isEqualTo(1);
	}

	@Test
	void unsolicitedBytesAfterACompleteResponseCloseTheConnection() throws Exception {
		this.server = this.env.responding((c, r) -> c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE"));
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 3; i++) {
			HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(readToEof(response.body())).containsExactly('o', 'k');
		}
		assertThat(this.server.accepted()).isEqualTo(3);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.UNSOLICITED_BYTES)).isEqualTo(3);
	}

	static byte[] readToEof(InputStream in) throws Exception {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[7];
		int n;
		while ((n = in.read(buffer)) != -1) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}
}
