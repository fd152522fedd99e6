package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.Concurrently;
import dev.eofpool.testfixtures.ServerConnection;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.internal.io.BufferPools;

/**
 * Connections borrow their read and write buffers from the transport's pool while bytes move and give them back
 * before they go idle: sequential requests reuse one connection and the same two arrays, a response with unread bytes
 * still closes its connection (and its buffer returns), and concurrent requests over a few connections never see
 * each other's bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LentBuffersTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	/** The body of request {@code n}: its own length (some above the read buffer's 8 KiB) and its own bytes. */
	static byte[] body(int n) {
		byte[] body = new byte[100 + (n * 7919) % 20_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ((n * 31 + i) % 251);
		}
		return body;
	}

	/** Answers {@code GET /b/n} with {@link #body(int)}: a fixed length for even {@code n}, chunked for odd ones. */
	static void answer(ServerConnection c, String target) throws IOException {
		int n = Integer.parseInt(target.substring(target.lastIndexOf('/') + 1));
		byte[] body = body(n);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (n % 2 == 0) {
			out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes("ISO-8859-1"));
			out.write(body);
		}
		else {
			out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes("ISO-8859-1"));
			for (int at = 0; at < body.length; at += 3000) {
				int len = Math.min(3000, body.length - at);
				out.write((Integer.toHexString(len) + "\r\n").getBytes("ISO-8859-1"));
				out.write(body, at, len);
				out.write("\r\n".getBytes("ISO-8859-1"));
			}
			out.write("0\r\n\r\n".getBytes("ISO-8859-1"));
		}
		c.write(out.toByteArray());
	}

	private static byte[] get(HttpTransport transport, TestServer server, int n) throws IOException {
		try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/b/" + n)))) {
			assertThat(response.status()).isEqualTo(200);
			return response.body().readAllBytes();
		}
	}

	@Test
	void sequentialRequestsOnOneConnectionGoRoundWithTheSameTwoBuffers() throws Exception {
		TestServer server = this.env.responding((c, r) -> answer(c, r.target()));
		HttpTransport transport = this.env.transport(TransportConfig.builder().build());
		BufferPools buffers = TransportInternals.buffers(transport);
		for (int n = 0; n < 60; n++) {
			assertThat(get(transport, server, n)).as("body " + n).isEqualTo(body(n));
			// idle now: both buffers were given back, and the next request finds them again
			assertThat(buffers.reads().freeCount()).isEqualTo(1);
			assertThat(buffers.writes().freeCount()).isEqualTo(1);
		}
		assertThat(server.accepted()).isEqualTo(1);
		assertThat(transport.stats().total().idle()).isEqualTo(1);
		assertThat(buffers.reads().created()).as("read buffers allocated for 60 requests").isEqualTo(1);
		assertThat(buffers.writes().created()).as("write buffers allocated for 60 requests").isEqualTo(1);
	}

	@Test
	void aResponseWithUnreadBytesStillClosesItsConnectionAndItsBufferReturns() throws Exception {
		TestServer server = this.env.responding((c, r) -> {
			if (r.target().equals("/extra")) {
				c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"); // a second answer nobody asked for
			}
			else {
				c.respond(200, "fine");
			}
		});
		HttpTransport transport = this.env.transport(TransportConfig.builder().build());
		BufferPools buffers = TransportInternals.buffers(transport);
		try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/extra")))) {
			assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
		}
		PoolStats stats = transport.stats();
		assertThat(stats.total().closedByReason().get(CloseReason.UNSOLICITED_BYTES)).isEqualTo(1);
		assertThat(stats.total().idle()).isZero();
		assertThat(buffers.reads().freeCount()).as("the closed connection's buffer, its bytes dropped").isEqualTo(1);
		try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/next")))) {
			assertThat(response.body().readAllBytes()).asString().isEqualTo("fine"); // no stale byte of the first
		}
		assertThat(server.accepted()).isEqualTo(2);
		assertThat(buffers.reads().created()).isEqualTo(1);
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void sixtyFourConnectionsInUseGoRoundWithoutAllocatingPerRequest() throws Exception {
		int threads = 64;
		int perThread = 100;
		byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n" + "x".repeat(1024)).getBytes("ISO-8859-1");
		TestServer server = this.env.responding((c, r) -> c.write(answer));
		HttpTransport transport = this.env.transport(TransportConfig.builder().maxConnectionsPerHost(threads).build());
		BufferPools buffers = TransportInternals.buffers(transport);
		Concurrently.countWrong(threads, perThread, (thread, i) -> {
			byte[] into = new byte[4096];
			try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/1k")))) {
				while (response.body().read(into, 0, into.length) >= 0) {
					// to the end
				}
			}
			return true;
		});
		assertThat(transport.stats().total().requests()).isEqualTo(threads * perThread);
		// a connection's buffers are free between its exchanges, so up to one pair per connection in use is free at
		// once: the bound covers 64 (with a bound of 16 this run allocated up to 114 of each); a few more for
		// borrowers that missed an array given back during their scan
		assertThat(buffers.reads().created()).as("read buffers for %d requests", threads * perThread)
			.isLessThanOrEqualTo(threads + 8);
		assertThat(buffers.writes().created()).as("write buffers for %d requests", threads * perThread)
			.isLessThanOrEqualTo(threads + 8);
	}

	@Test
	void sixteenThreadsOverFourConnectionsNeverMixBodies() throws Exception {
		int threads = 16;
		int perThread = 40;
		TestServer server = this.env.responding((c, r) -> answer(c, r.target()));
		HttpTransport transport = this.env.transport(TransportConfig.builder().maxConnectionsPerHost(4).build());
		BufferPools buffers = TransportInternals.buffers(transport);
		int mismatches = Concurrently.countWrong(threads, perThread,
				(thread, i) -> Arrays.equals(get(transport, server, thread * perThread + i), body(thread * perThread + i)));
		assertThat(mismatches).as("bodies that were not byte for byte their own").isZero();
		assertThat(server.accepted()).isLessThanOrEqualTo(4);
		RouteStats total = transport.stats().total();
		assertThat(total.requests()).isEqualTo(threads * perThread);
		PoolAssertions.assertQuiescent(transport.stats());
		// at most four connections hold buffers at once; a borrower may miss an array given back during its scan, so
		// up to one more per connection: never one per request
		assertThat(buffers.reads().created()).isBetween(1L, 8L);
		assertThat(buffers.writes().created()).isBetween(1L, 8L);
		assertThat(buffers.reads().freeCount()).isEqualTo((int) buffers.reads().created());
	}
}
