package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.RecordedRequest;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;

/**
 * Users never see a failure caused by a server closing an idle connection: the probe catches it before reuse, and a
 * request that still meets a dead reused connection before any response byte is retried once when that is safe.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StaleConnectionTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	@Test
	void serverClosingIdleConnectionsCausesNoFailedRequest() throws Exception {
		// the 500 ms / 1 s scaled down five times, so 50 iterations take 10 s
		this.server = this.env.start((c) -> {
			c.socket().setSoTimeout(100); // the server's idle timeout
			try {
				RecordedRequest r;
				while ((r = c.readRequest()) != null) {
					c.respond(200, "ok " + r.target());
				}
			}
			catch (java.net.SocketTimeoutException ex) {
				// idle too long: the server closes (FIN)
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		int failures = 0;
		for (int i = 0; i < 50; i++) {
			try {
				HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/" + i)));
				assertThat(new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok /" + i);
			}
			catch (IOException ex) {
				failures++;
			}
			// the scenario itself: the client pauses past the server's idle timeout. Whether the server's close
			// lands before the next request (probe catches it) or during it (retry catches it), nothing may fail.
			Thread.sleep(200);
		}
		assertThat(failures).isZero();
		RouteStats route = this.transport.stats().routes().values().iterator().next();
		assertThat(route.learnedIdleTimeout()).isNotNull();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void getOnAResetReusedConnectionSucceedsByRetryAndIsCounted() throws Exception {
		this.server = resetSecondRequestOnFirstConnection();
		this.transport = this.env.transport(TransportConfig.defaults());
		AtomicInteger retries = new AtomicInteger();
		this.transport.addListener(new PoolListener() {
			@Override
			public void retried(Route route, RetryReason reason) {
				retries.incrementAndGet();
			}
		});
		assertThat(body(this.transport.send(HttpRequest.get(this.server.uri("/1"))))).isEqualTo("ok /1");
		assertThat(body(this.transport.send(HttpRequest.get(this.server.uri("/2"))))).isEqualTo("ok /2");
		assertThat(retries.get()).isEqualTo(1);
		assertThat(this.transport.stats().total().retries()).isEqualTo(1);
		assertThat(this.server.accepted()).isEqualTo(2);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void postWithNonReplayableBodyIsNotSentTwice() throws Exception {
		this.server = resetSecondRequestOnFirstConnection();
		this.transport = this.env.transport(TransportConfig.defaults());
		assertThat(body(this.transport.send(HttpRequest.get(this.server.uri("/1"))))).isEqualTo("ok /1");
		RequestBody oneShot = new RequestBody() {
			@Override
			public long contentLength() {
				return 5;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
			}
		};
		assertThatThrownBy(() -> this.transport.send(HttpRequest.builder("POST", this.server.uri("/2")).body(oneShot)
			.build())).isInstanceOf(IOException.class).hasMessageContaining("http://127.0.0.1:" + this.server.port());
		long posts = this.server.requests().stream().filter((r) -> r.method().equals("POST")).count();
		assertThat(posts).isEqualTo(1);
		assertThat(this.transport.stats().total().retries()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void postWithReplayableBodyIsNotRetriedOnceWritten() throws Exception {
		this.server = resetSecondRequestOnFirstConnection();
		this.transport = this.env.transport(TransportConfig.defaults());
		body(this.transport.send(HttpRequest.get(this.server.uri("/1"))));
		assertThatThrownBy(() -> this.transport.send(HttpRequest.builder("POST", this.server.uri("/2"))
			.body(RequestBody.of(new byte[] { 1, 2, 3 }))
			.build())).isInstanceOf(IOException.class);
		assertThat(this.server.requests().stream().filter((r) -> r.method().equals("POST")).count()).isEqualTo(1);
	}

	@Test
	void postWithReplayableBodyResetWhileItIsBeingSentIsNotRetried() throws Exception {
		CountDownLatch reset = new CountDownLatch(1);
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				c.respond(200, "first");
			}
			// the head and the first bytes of the body: the server took the request, then the connection dies
			c.socket().getInputStream().readNBytes(1000);
			c.reset();
			reset.countDown();
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		assertThat(body(this.transport.send(HttpRequest.get(this.server.uri("/1"))))).isEqualTo("first");
		// far more than the socket buffers hold, in one write: it is still under way when the reset comes
		byte[] upload = new byte[64 * 1024 * 1024];
		assertThatThrownBy(() -> this.transport.send(HttpRequest.builder("POST", this.server.uri("/upload"))
			.body(RequestBody.of(upload))
			.build())).isInstanceOf(IOException.class);
		Waits.await(reset, "the reset");
		assertThat(this.transport.stats().total().retries()).isZero();
		assertThat(this.server.accepted()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void interruptWhileWaitingForTheResponseOnAReusedConnectionIsNotRetried() throws Exception {
		CountDownLatch secondRequest = new CountDownLatch(1);
		this.server = this.env.start((c) -> {
			c.readRequest();
			c.respond(200, "first");
			if (c.readRequest() != null) {
				secondRequest.countDown();
				c.awaitClientClose(); // never answers: the caller gives up by interrupting its thread
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		assertThat(body(this.transport.send(HttpRequest.get(this.server.uri("/1"))))).isEqualTo("first");
		java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				this.transport.send(HttpRequest.get(this.server.uri("/2"))).close();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		caller.start();
		Waits.await(secondRequest, "the second request");
		caller.interrupt();
		Waits.join(caller);
		assertThat(failure.get()).isInstanceOf(java.io.InterruptedIOException.class);
		assertThat(this.transport.stats().total().retries()).isZero();
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void bodyLongerThanItsContentLengthOnAReusedConnectionIsNotRetried() throws Exception {
		this.server = this.env.start((c) -> {
			c.readRequest();
			c.respond(200, "first");
			c.awaitClientClose();
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		assertThat(body(this.transport.send(HttpRequest.get(this.server.uri("/1"))))).isEqualTo("first");
		RequestBody tooLong = new RequestBody() {
			@Override
			public long contentLength() {
				return 3;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
			}

			@Override
			public boolean replayable() {
				return true;
			}
		};
		assertThatThrownBy(() -> this.transport.send(HttpRequest.builder("PUT", this.server.uri("/2")).body(tooLong)
			.build())).isInstanceOf(HttpProtocolException.class).hasMessageContaining("longer than its Content-Length");
		// the caller's mistake: no retry counted, no healthy connection given up for a fresh one that fails alike
		assertThat(this.transport.stats().total().retries()).isZero();
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void readTimeoutOnAReusedConnectionIsNotRetried() throws Exception {
		this.server = this.env.start((c) -> {
			c.readRequest();
			c.respond(200, "first");
			c.readRequest();
			c.awaitClientClose(); // a slow server: never answers the second request
		});
		this.transport = this.env.transport(TransportConfig.builder().readTimeout(java.time.Duration.ofMillis(200)).build());
		body(this.transport.send(HttpRequest.get(this.server.uri("/"))));
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(java.net.SocketTimeoutException.class)
			.hasMessageContaining("Read timed out after 200 ms")
			.hasMessageEndingWith("; to wait longer raise TransportConfig.Builder.readTimeout");
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().retries()).isZero();
		assertThat(this.transport.stats().total().closedByReason().get(dev.eofpool.transport.CloseReason.TIMEOUT))
			.isEqualTo(1);
	}

	@Test
	void failureOnAFreshConnectionIsNeverRetried() throws Exception {
		this.server = this.env.start((c) -> {
			c.readRequest();
			c.reset();
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(IOException.class);
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().retries()).isZero();
	}

	@Test
	void retryHappensAtMostOnce() throws Exception {
		CountDownLatch firstServed = new CountDownLatch(1);
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				c.respond(200, "first");
				firstServed.countDown();
				c.readRequest();
				c.reset();
				return;
			}
			c.readRequest();
			c.reset(); // the fresh connection fails too
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		body(this.transport.send(HttpRequest.get(this.server.uri("/"))));
		Waits.await(firstServed, "the first response");
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/"))))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("after one retry");
		assertThat(this.server.accepted()).isEqualTo(2);
		assertThat(this.transport.stats().total().retries()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	/** Connection 0 answers its first request, then resets on the second; later connections answer normally. */
	private TestServer resetSecondRequestOnFirstConnection() throws IOException {
		return this.env.start((c) -> {
			RecordedRequest r;
			int n = 0;
			while ((r = c.readRequest()) != null) {
				if (c.index() == 0 && ++n == 2) {
					c.reset();
					return;
				}
				c.respond(200, "ok " + r.target());
			}
		});
	}

	private static String body(HttpResponse response) throws IOException {
		return new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1);
	}
}
