package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;

/**
 * Read and write timeouts are enforced by one watchdog for all connections (sockets carry no socket timeout): a short
 * timeout must end its read even while the watchdog sleeps until a far later deadline, a deadline must not outlive its
 * read, a write the server never takes must end at the timeout, and an interrupted read must end at once.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IoTimeoutTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	@Test
	void shortTimeoutEndsItsReadWhileALongerOneWaits() throws Exception {
		CountDownLatch bothWaiting = new CountDownLatch(2);
		CountDownLatch answerSlow = new CountDownLatch(1);
		this.server = this.env.start((c) -> {
			String path = c.readRequest().target();
			bothWaiting.countDown();
			if (path.equals("/slow")) {
				Waits.await(answerSlow, "the test to let /slow answer");
				c.respond(200, "slow");
			}
			c.awaitClientClose();
		});
		this.transport = this.env.transport(TransportConfig.builder().build());
		// the long read starts first, so the watchdog sleeps until its deadline, 30 s away
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> call("/slow", Duration.ofSeconds(30)));
		long start = System.nanoTime();
		Future<String> fast = this.env.background().call(() -> call("/fast", Duration.ofMillis(300)));
		assertThat(bothWaiting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatThrownBy(() -> this.env.background().get(fast)).isInstanceOf(IllegalStateException.class)
			.hasRootCauseInstanceOf(SocketTimeoutException.class)
			.cause()
			.hasMessageContaining("Read timed out after 300 ms")
			.hasMessageEndingWith("; to wait longer raise HttpRequest.Builder.readTimeout");
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(tookMillis).isBetween(300L, 5_000L);
		assertThat(slow).isNotDone();
		answerSlow.countDown();
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.TIMEOUT)).isEqualTo(1);
	}

	@Test
	void aDeadlineDoesNotOutliveItsRead() throws Exception {
		this.server = this.env.responding((c, request) -> c.respond(200, "ok"));
		// a read timeout well above a loaded machine's scheduling delays (a single call outliving it would fail the
		// test for the wrong reason), and requests on one connection for several times that long: a deadline left
		// behind by an earlier read would close the connection during the loop
		this.transport = this.env.transport(TransportConfig.builder().readTimeout(Duration.ofMillis(250)).build());
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_250);
		int requests = 0;
		while (requests < 20 || System.nanoTime() - deadline < 0) {
			assertThat(call("/", null)).isEqualTo("ok");
			requests++;
		}
		assertThat(this.server.accepted()).as("sockets for " + requests + " requests").isEqualTo(1);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.TIMEOUT)).isZero();
	}

	@Test
	void anInterruptedReadEndsAtOnceAndItsConnectionIsNotReused() throws Exception {
		CountDownLatch waiting = new CountDownLatch(1);
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				waiting.countDown();
				c.awaitClientClose();
				return;
			}
			c.readRequest();
			c.respond(200, "second");
			c.awaitClientClose();
		});
		this.transport = this.env.transport(TransportConfig.builder().readTimeout(Duration.ofSeconds(30)).build());
		// the server having read the request does not mean the caller's write call has returned: the interrupt waits
		// for the caller's own word that it has, so it lands in the read (or just before it), never in the write
		CountDownLatch written = new CountDownLatch(1);
		CallListener onWritten = new CallListener() {
			@Override
			public void requestHeadWritten(Route route) {
				written.countDown();
			}
		};
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try (HttpResponse response = this.transport
				.send(HttpRequest.builder("GET", this.server.uri("/")).listener(onWritten).build())) {
				response.body().readAllBytes();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		caller.start();
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
		caller.interrupt();
		caller.join(5_000);
		assertThat(caller.isAlive()).isFalse();
		assertThat(failure.get()).isInstanceOf(InterruptedIOException.class)
			.hasMessage("Interrupted while reading from http://127.0.0.1:" + this.server.port());
		assertThat(call("/", null)).isEqualTo("second");
		assertThat(this.server.accepted()).isEqualTo(2);
	}

	@Test
	void aResponseHeadDeadlineBoundsAReadWithoutReadTimeout() throws IOException {
		this.server = this.env.start((c) -> {
			c.readRequest();
			c.awaitClientClose();
		});
		this.transport = this.env.transport(TransportConfig.builder().readTimeout(Duration.ZERO)
			.responseHeadTimeout(Duration.ofMillis(200)).build());
		long start = System.nanoTime();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> send("/"));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(200L, 5_000L);
	}

	@Test
	void aRequestBodyTheServerNeverReadsEndsAtTheTimeout() throws Exception {
		CountDownLatch firstByteRead = new CountDownLatch(1);
		CountDownLatch testDone = new CountDownLatch(1);
		this.server = this.env.start((c) -> {
			// one byte of the request, then nothing: the socket buffers fill up and the client's write blocks
			assertThat(c.socket().getInputStream().read()).isEqualTo((int) 'P');
			firstByteRead.countDown();
			testDone.await(20, TimeUnit.SECONDS);
		});
		this.transport = this.env.transport(TransportConfig.builder().readTimeout(Duration.ofMillis(300)).build());
		long length = 256L * 1024 * 1024; // far more than loopback socket buffers hold
		RequestBody endless = new RequestBody() {

			@Override
			public long contentLength() {
				return length;
			}

			@Override
			public void writeTo(java.io.OutputStream out) throws IOException {
				byte[] chunk = new byte[64 * 1024];
				for (long sent = 0; sent < length; sent += chunk.length) {
					out.write(chunk);
				}
			}

			@Override
			public boolean replayable() {
				return true;
			}
		};
		HttpRequest post = HttpRequest.builder("POST", this.server.uri("/upload")).body(endless).build();
		long start = System.nanoTime();
		assertThatExceptionOfType(WriteTimeoutException.class).isThrownBy(() -> this.transport.send(post))
			.withMessageContaining("Write timed out after 300 ms sending to http://127.0.0.1:" + this.server.port());
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 10_000L);
		assertThat(firstByteRead.getCount()).isZero();
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.TIMEOUT)).isEqualTo(1);
		assertThat(this.transport.stats().total().idle()).isZero();
		testDone.countDown();
	}

	private String call(String path, Duration readTimeout) {
		try (HttpResponse response = send(path, readTimeout); InputStream body = response.body()) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse send(String path) throws IOException {
		return send(path, null);
	}

	private HttpResponse send(String path, Duration readTimeout) throws IOException {
		HttpRequest.Builder request = HttpRequest.builder("GET", this.server.uri(path));
		if (readTimeout != null) {
			request.readTimeout(readTimeout);
		}
		return this.transport.send(request.build());
	}

	@Test
	void bodyReadTimeoutNamesTheHostSettingInForce() throws Exception {
		CountDownLatch clientGaveUp = new CountDownLatch(1);
		this.server = TestServer.start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab"); // then stalls mid-body
			c.awaitClientClose();
			clientGaveUp.countDown();
		});
		String host = "127.0.0.1:" + this.server.port();
		this.transport = new HttpTransport(TransportConfig.builder()
			.host(host, HostSettings.NONE.withReadTimeout(Duration.ofMillis(200)))
			.build());
		try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/")))) {
			InputStream body = response.body();
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(body::readAllBytes)
				.withMessage("Read timed out after 200 ms waiting for the response body from http://" + host
						+ "; to wait longer raise TransportConfig.Builder.host(\"" + host
						+ "\", HostSettings.readTimeout)");
		}
		assertThat(clientGaveUp.await(10, TimeUnit.SECONDS)).isTrue();
	}
}
