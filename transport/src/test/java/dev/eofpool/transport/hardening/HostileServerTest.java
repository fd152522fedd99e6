package dev.eofpool.transport.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ServerConnection;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.ResponseHeadTimeoutException;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TruncatedBodyException;

/**
 * Servers that misbehave on purpose: slow drips, stalls, resets at every phase, closes between responses, garbage,
 * endless lines, lengths that never come. The caller always gets a result or a clear error within a bound, the pool
 * stays balanced with nothing leased, and no thread or file descriptor outlives the test.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostileServerTest {

	private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

	private ResourceCounts before;

	private TestServer server;

	private HttpTransport transport;

	@BeforeAll
	static void warmUp() throws IOException {
		ResourceCounts.warmUp();
	}

	@BeforeEach
	void countResources() {
		this.before = ResourceCounts.now();
	}

	@AfterEach
	void nothingLeaked() throws Exception {
		if (this.transport != null) {
			RouteStats total = this.transport.stats().total();
			assertThat(total.leased()).as("leased at the end").isZero();
			assertThat(total.leaks()).as("leaks").isZero();
			PoolAssertions.assertBalanced(this.transport.stats());
			this.transport.close();
		}
		if (this.server != null) {
			this.server.close();
		}
		ResourceCounts.assertNothingLeakedSince(this.before);
	}

	private void start(TestServer.Script script) throws IOException {
		start(script, TransportConfig.builder().readTimeout(READ_TIMEOUT));
	}

	private void start(TestServer.Script script, TransportConfig.Builder config) throws IOException {
		this.server = TestServer.start(script);
		this.transport = new HttpTransport(config.build());
	}

	private HttpResponse get() throws IOException {
		return this.transport.send(HttpRequest.get(this.server.uri("/")));
	}

	private String route() {
		return "127.0.0.1:" + this.server.port();
	}

	/** Runs the call, which must fail with an IOException of that type within the bound, naming the route. */
	private <T extends IOException> T fails(Class<T> type, long maxMillis, IoCall call) {
		long start = System.nanoTime();
		try {
			call.run();
		}
		catch (IOException ex) {
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(took).as("milliseconds until " + ex).isLessThan(maxMillis);
			assertThat(ex).isInstanceOf(type);
			assertThat(ex.getMessage()).as("message of " + ex).contains(route());
			return type.cast(ex);
		}
		return fail("expected " + type.getSimpleName() + " within " + maxMillis + " ms");
	}

	@FunctionalInterface
	interface IoCall {

		void run() throws IOException;
	}

	private long closed(CloseReason reason) {
		return this.transport.stats().total().closedByReason().get(reason);
	}

	private static void drip(ServerConnection c, String prefix, byte b, long everyMillis) throws Exception {
		c.write(prefix);
		try {
			while (true) {
				c.write(new byte[] { b });
				Thread.sleep(everyMillis); // the drip itself: a stall in the server script
			}
		}
		catch (IOException ex) {
			// the client gave up and closed
		}
	}

	@Test
	void slowDripOfHeaderBytesTripsTheResponseHeadTimeout() throws Exception {
		start((c) -> {
			c.readRequest();
			drip(c, "HTTP/1.1 200 OK\r\nX-Drip: ", (byte) 'a', 20);
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).responseHeadTimeout(Duration.ofMillis(700)));
		ResponseHeadTimeoutException ex = fails(ResponseHeadTimeoutException.class, 3000, this::get);
		assertThat(ex.getMessage()).contains("700 ms");
		assertThat(closed(CloseReason.TIMEOUT)).isEqualTo(1);
	}

	@Test
	void theBodyAfterAPromptHeadIsBoundedByTheReadTimeoutOnly() throws Exception {
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
			Thread.sleep(300); // longer than the head timeout, shorter than the read timeout
			c.write("body");
			c.awaitClientClose();
		}, TransportConfig.builder().readTimeout(Duration.ofSeconds(2)).responseHeadTimeout(Duration.ofMillis(100)));
		try (HttpResponse r = get()) {
			assertThat(new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
		}
	}

	@Test
	void responseHeadTimeoutMustBePositive() {
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> TransportConfig.builder().responseHeadTimeout(Duration.ZERO).build())
			.withMessageContaining("responseHeadTimeout");
	}

	@Test
	void slowDripIsBoundedByTheReadTimeoutByDefault() throws Exception {
		start((c) -> {
			c.readRequest();
			drip(c, "HTTP/1.1 200 OK\r\n", (byte) ' ', 20); // whitespace after "OK": one endless status line
		});
		fails(SocketTimeoutException.class, 2500, this::get);
	}

	@Test
	void slowDripOfInterimResponsesTripsTheResponseHeadTimeout() throws Exception {
		start((c) -> {
			c.readRequest();
			try {
				for (int i = 0; i < 10; i++) {
					c.write("HTTP/1.1 103 Early Hints\r\n\r\n");
					Thread.sleep(150);
				}
			}
			catch (IOException ex) {
				// the client gave up
			}
			c.awaitClientClose();
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).responseHeadTimeout(Duration.ofMillis(500)));
		fails(ResponseHeadTimeoutException.class, 2500, this::get);
	}

	@Test
	void endlessInterimResponsesAreAProtocolError() throws Exception {
		start((c) -> {
			c.readRequest();
			try {
				while (true) {
					c.write("HTTP/1.1 100 Continue\r\n\r\n");
				}
			}
			catch (IOException ex) {
				// the client gave up
			}
		});
		fails(HttpProtocolException.class, 2000, this::get);
	}

	@Test
	void bodyStallingMidwayFailsWithinTheReadTimeout() throws Exception {
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(40));
			c.awaitClientClose();
		});
		HttpResponse response = get();
		byte[] got = new byte[40];
		assertThat(response.body().readNBytes(got, 0, 40)).isEqualTo(40);
		fails(SocketTimeoutException.class, 2000, () -> response.body().read());
		response.close();
		assertThat(closed(CloseReason.TIMEOUT)).isEqualTo(1);
		assertThat(this.transport.stats().total().idle()).isZero();
	}

	@Test
	void connectionRefusedIsAClearConnectError() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket()) {
			s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			port = s.getLocalPort();
		}
		this.transport = new HttpTransport(TransportConfig.builder().readTimeout(READ_TIMEOUT).build());
		long start = System.nanoTime();
		try {
			this.transport.send(HttpRequest.get(URI.create("http://127.0.0.1:" + port + "/")));
			fail("connected to a closed port");
		}
		catch (ConnectException ex) {
			assertThat(ex.getMessage()).contains("127.0.0.1:" + port);
		}
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
		assertThat(this.transport.stats().total().connectFailures()).isEqualTo(1);
	}

	@Test
	void resetRightAfterAcceptIsAClearError() throws Exception {
		start(ServerConnection::reset);
		fails(IOException.class, 2000, this::get);
		assertThat(this.transport.stats().total().retries()).isZero();
	}

	@Test
	void resetInTheMiddleOfTheRequestBodyIsNotRetried() throws Exception {
		CountDownLatch reset = new CountDownLatch(1);
		start((c) -> {
			c.socket().getInputStream().readNBytes(1000); // the head and the first bytes of the body
			c.reset();
			reset.countDown();
		});
		byte[] mebibyte = new byte[1024 * 1024];
		RequestBody endless = new RequestBody() {
			@Override
			public long contentLength() {
				return 64L * mebibyte.length;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				for (int i = 0; i < 64; i++) {
					out.write(mebibyte);
				}
			}
		};
		fails(IOException.class, 5000, () -> this.transport
			.send(HttpRequest.builder("POST", this.server.uri("/upload")).body(endless).build()));
		assertThat(reset.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.transport.stats().total().retries()).isZero();
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void resetBeforeTheStatusLineOnAFreshConnectionIsAClearError() throws Exception {
		start((c) -> {
			c.readRequest();
			c.reset();
		});
		fails(IOException.class, 2000, this::get);
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().retries()).isZero();
	}

	@Test
	void resetBeforeTheStatusLineOnAReusedConnectionRetriesAGetOnceAndNeverAPost() throws Exception {
		start((c) -> {
			c.readRequest();
			c.respond(200, "first");
			if (c.readRequest() != null) {
				c.reset(); // the second request on this connection never gets an answer
				return;
			}
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).validateAfterIdle(Duration.ofHours(1)));
		try (HttpResponse r = get()) {
			assertThat(r.body().readAllBytes()).isEqualTo("first".getBytes(StandardCharsets.ISO_8859_1));
		}
		// GET: retried once on a fresh connection, which answers it
		try (HttpResponse r = get()) {
			assertThat(r.body().readAllBytes()).isEqualTo("first".getBytes(StandardCharsets.ISO_8859_1));
		}
		assertThat(this.transport.stats().total().retries()).isEqualTo(1);
		assertThat(this.server.accepted()).isEqualTo(2);
		// POST with a body on the now reused connection: its bytes were written, so it fails instead of going twice
		fails(IOException.class, 2000, () -> this.transport.send(HttpRequest.builder("POST", this.server.uri("/"))
			.body(RequestBody.of("once".getBytes(StandardCharsets.ISO_8859_1)))
			.build()));
		assertThat(this.transport.stats().total().retries()).isEqualTo(1);
		assertThat(this.server.requests().stream().filter((r) -> r.method().equals("POST")).count()).isEqualTo(1);
	}

	@Test
	void resetInTheMiddleOfTheHeadersIsAClearError() throws Exception {
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Le");
			c.reset();
		});
		fails(IOException.class, 2000, this::get);
		assertThat(this.transport.stats().total().idle()).isZero();
	}

	@Test
	void resetInTheMiddleOfTheBodyIsAClearError() throws Exception {
		CountDownLatch headRead = new CountDownLatch(1);
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "y".repeat(100));
			headRead.await(5, TimeUnit.SECONDS);
			c.reset();
		});
		HttpResponse response = get();
		headRead.countDown();
		fails(IOException.class, 2000, () -> response.body().readAllBytes());
		response.close();
		assertThat(this.transport.stats().total().idle()).isZero();
	}

	@Test
	void resetOfAnIdlePooledConnectionIsNeverSeenByTheCaller() throws Exception {
		CountDownLatch firstDone = new CountDownLatch(1);
		CountDownLatch resetDone = new CountDownLatch(1);
		start((c) -> {
			c.readRequest();
			c.respond(200, "ok");
			if (c.index() == 0) {
				firstDone.await(5, TimeUnit.SECONDS);
				c.reset();
				resetDone.countDown();
				return;
			}
			while (c.readRequest() != null) {
				c.respond(200, "ok");
			}
		});
		try (HttpResponse r = get()) {
			r.body().readAllBytes();
		}
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
		firstDone.countDown();
		assertThat(resetDone.await(5, TimeUnit.SECONDS)).isTrue();
		try (HttpResponse r = get()) {
			assertThat(new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
		}
		assertThat(this.server.accepted()).isEqualTo(2);
	}

	@Test
	void finBetweenResponsesIsNeverSeenByTheCaller() throws Exception {
		CountDownLatch closedByServer = new CountDownLatch(1);
		start((c) -> {
			c.readRequest();
			c.respond(200, "ok"); // no Connection: close, then a close anyway
			if (c.index() == 0) {
				c.close();
				closedByServer.countDown();
				return;
			}
			while (c.readRequest() != null) {
				c.respond(200, "ok");
			}
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).validateAfterIdle(Duration.ofHours(1)));
		try (HttpResponse r = get()) {
			r.body().readAllBytes();
		}
		assertThat(closedByServer.await(5, TimeUnit.SECONDS)).isTrue();
		// no probe (validate-after-idle is an hour): the request meets the closed connection and is retried
		try (HttpResponse r = get()) {
			assertThat(new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
		}
		assertThat(this.server.accepted()).isEqualTo(2);
		assertThat(this.transport.stats().total().retries()).isEqualTo(1);
	}

	@Test
	void oneIdleConnectionClosedEarlyDoesNotStopPoolingForTheHost() throws Exception {
		CountDownLatch closedByServer = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
		start((c) -> {
			c.readRequest();
			c.respond(200, "ok");
			if (c.index() == 0) {
				c.close(); // a one-off: a restart, a balancer recycling the connection
				closedByServer.countDown();
				return;
			}
			while (c.readRequest() != null) {
				c.respond(200, "ok");
			}
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).validateAfterIdle(Duration.ZERO).ticker(now::get));
		try (HttpResponse r = get()) {
			r.body().readAllBytes();
		}
		assertThat(closedByServer.await(5, TimeUnit.SECONDS)).isTrue();
		now.addAndGet(TimeUnit.MILLISECONDS.toNanos(5)); // found closed after 5 ms idle
		for (int i = 0; i < 5; i++) {
			try (HttpResponse r = get()) {
				r.body().readAllBytes();
			}
			now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200)); // idle far below the 30 s idle timeout
		}
		assertThat(closed(CloseReason.SERVER_CLOSED_IDLE)).isEqualTo(1);
		assertThat(closed(CloseReason.LEARNED_IDLE_TIMEOUT)).isZero();
		assertThat(this.server.accepted()).isEqualTo(2);
	}

	@Test
	void garbageArrivingOnAnIdleConnectionIsSeenBeforeReuse() throws Exception {
		CountDownLatch firstDone = new CountDownLatch(1);
		CountDownLatch garbageSent = new CountDownLatch(1);
		start((c) -> {
			c.readRequest();
			c.respond(200, "real");
			if (c.index() == 0) {
				firstDone.await(5, TimeUnit.SECONDS);
				c.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfake");
				garbageSent.countDown();
				c.awaitClientClose();
				return;
			}
			while (c.readRequest() != null) {
				c.respond(200, "real");
			}
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).validateAfterIdle(Duration.ZERO));
		try (HttpResponse r = get()) {
			r.body().readAllBytes();
		}
		firstDone.countDown();
		assertThat(garbageSent.await(5, TimeUnit.SECONDS)).isTrue();
		try (HttpResponse r = get()) {
			assertThat(new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("real");
		}
		assertThat(closed(CloseReason.UNSOLICITED_BYTES)).isEqualTo(1);
		assertThat(this.server.accepted()).isEqualTo(2);
	}

	@Test
	void garbageRightAfterALargeBodyIsNeverTakenForTheNextResponse() throws Exception {
		byte[] large = new byte[20_000];
		Arrays.fill(large, (byte) 'z');
		start((c) -> {
			if (c.index() > 0) {
				while (c.readRequest() != null) {
					c.respond(200, "real");
				}
				return;
			}
			c.readRequest();
			// one write: the body, then a whole response nobody asked for
			c.write(concat("HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n", large,
					"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfake"));
			while (c.readRequest() != null) {
				c.respond(200, "real");
			}
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).validateAfterIdle(Duration.ofHours(1)));
		HttpResponse first = get();
		byte[] buffer = new byte[64 * 1024]; // reads larger than the connection's buffer go straight to the socket
		int total = 0;
		for (int n; (n = first.body().read(buffer)) != -1;) {
			total += n;
		}
		assertThat(total).isEqualTo(large.length);
		try (HttpResponse second = get()) {
			byte[] body = second.body().readNBytes(100);
			assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo("real");
		}
		assertThat(closed(CloseReason.UNSOLICITED_BYTES)).isEqualTo(1);
	}

	private static byte[] concat(String head, byte[] body, String tail) {
		byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
		byte[] t = tail.getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = Arrays.copyOf(h, h.length + body.length + t.length);
		System.arraycopy(body, 0, all, h.length, body.length);
		System.arraycopy(t, 0, all, h.length + body.length, t.length);
		return all;
	}

	@Test
	void endlessHeaderLineIsRefusedAtTheLineLimit() throws Exception {
		start((c) -> {
			c.readRequest();
			byte[] block = new byte[8192];
			Arrays.fill(block, (byte) 'a');
			c.write("HTTP/1.1 200 OK\r\nX-Endless: ");
			try {
				while (true) {
					c.write(block);
				}
			}
			catch (IOException ex) {
				// the client gave up
			}
		});
		HttpProtocolException ex = fails(HttpProtocolException.class, 2000, this::get);
		assertThat(ex.getMessage()).contains("limit");
		assertThat(closed(CloseReason.PROTOCOL_ERROR)).isEqualTo(1);
	}

	@Test
	void endlessHeaderBlockIsRefusedAtTheBlockLimit() throws Exception {
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\n");
			try {
				for (int i = 0;; i++) {
					c.write("X-Many-" + i + ": v\r\n");
				}
			}
			catch (IOException ex) {
				// the client gave up
			}
		});
		fails(HttpProtocolException.class, 2000, this::get);
	}

	/**
	 * A length larger than an array can be, claimed and not sent: readAllBytes reads what comes, as for any length, and
	 * fails as a truncation, never with an OutOfMemoryError before a byte is read.
	 */
	@Test
	void contentLengthOverTwoGibibytesThatNeverComesIsATruncationForReadAllBytes() throws Exception {
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 3000000000\r\n\r\n0123456789");
			c.close();
		});
		HttpResponse response = get();
		TruncatedBodyException ex = fails(TruncatedBodyException.class, 5000, () -> response.body().readAllBytes());
		assertThat(ex).hasMessageContaining("ended after 10 of 3000000000 bytes");
		assertThat(ex.received()).isEqualTo(10);
		response.close();
		assertThat(closed(CloseReason.TRUNCATED_BODY)).isEqualTo(1);
	}

	@Test
	void gibibyteContentLengthThatNeverComesFailsOnReadAndClosesAtOnce() throws Exception {
		start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n0123456789");
			c.awaitClientClose();
		}, TransportConfig.builder().readTimeout(READ_TIMEOUT).drainTimeout(Duration.ofSeconds(5)));
		HttpResponse first = get();
		assertThat(first.body().readNBytes(10)).hasSize(10);
		fails(SocketTimeoutException.class, 2000, () -> first.body().read());
		first.close();
		HttpResponse second = get();
		long start = System.nanoTime();
		second.close(); // far more left than the drain limit: closed without reading, not drained for 5 s
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
		assertThat(closed(CloseReason.DRAIN_LIMIT)).isEqualTo(1);
		assertThat(closed(CloseReason.TIMEOUT)).isEqualTo(1);
	}
}
