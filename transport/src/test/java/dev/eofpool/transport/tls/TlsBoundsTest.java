package dev.eofpool.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TruncatedBodyException;

/**
 * TLS bounded and truncation-safe: the handshake ends within the connect timeout unless a handshake timeout is set,
 * and a close-delimited body that ends with a TCP close but no {@code close_notify} is a truncation (RFC 9112 9.8),
 * detected per connection without a system property; a length-delimited or chunked body cut short still raises.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsBoundsTest {

	private TestServer server;

	private HttpTransport transport;

	private final CountDownLatch done = new CountDownLatch(1);

	@AfterEach
	void close() throws Exception {
		this.done.countDown();
		if (this.transport != null) {
			this.transport.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	private URI uri(String path) {
		return URI.create("https://localhost:" + this.server.port() + path);
	}

	private HttpTransport transport(TransportConfig.Builder config) {
		this.transport = new HttpTransport(config.build());
		return this.transport;
	}

	private static TransportConfig.Builder trusting() {
		return TransportConfig.builder().tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build());
	}

	/** Accepts TCP and never answers the ClientHello. */
	private void silentServer() throws Exception {
		this.server = TestServer.start((c) -> this.done.await(20, TimeUnit.SECONDS));
	}

	@Test
	void silentServerEndsTheCallWithinTheConnectTimeout() throws Exception {
		silentServer();
		transport(trusting().connectTimeout(Duration.ofMillis(1000)).readTimeout(Duration.ofSeconds(10)));
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(uri("/"))))
			.isInstanceOfSatisfying(TlsHandshakeException.class,
					(ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HANDSHAKE_TIMEOUT))
			.hasMessageContaining("https://localhost:" + this.server.port())
			.hasMessageContaining("timed out after 1000 ms (the connect timeout");
		long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		System.out.println("[tls] silent server ended the call after " + took + " ms (connect timeout 1000 ms)");
		assertThat(took).isBetween(900L, 1500L);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void anInterruptDuringTheHandshakeEndsTheCallAsAnInterrupt() throws Exception {
		CountDownLatch helloArrived = new CountDownLatch(1);
		this.server = TestServer.start((c) -> {
			c.socket().getInputStream().read(); // the first byte of the ClientHello: the client is in the handshake
			helloArrived.countDown();
			this.done.await(20, TimeUnit.SECONDS);
		});
		transport(trusting().connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20)));
		CountDownLatch ended = new CountDownLatch(1);
		List<Throwable> failure = new CopyOnWriteArrayList<>();
		Thread caller = new Thread(() -> {
			try {
				this.transport.send(HttpRequest.get(uri("/"))).close();
			}
			catch (Throwable ex) {
				failure.add(ex);
			}
			finally {
				ended.countDown();
			}
		});
		caller.start();
		assertThat(helloArrived.await(10, TimeUnit.SECONDS)).isTrue();
		long interrupted = System.nanoTime();
		caller.interrupt();
		assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(System.nanoTime() - interrupted).isLessThan(TimeUnit.SECONDS.toNanos(2));
		assertThat(failure).hasSize(1);
		assertThat(failure.get(0)).isInstanceOf(InterruptedIOException.class)
			.isNotInstanceOf(SocketTimeoutException.class)
			.hasMessageContaining("TLS handshake")
			.hasMessageContaining("https://localhost:" + this.server.port());
		assertThat(this.transport.stats().total().connecting()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void aServerDrippingItsHandshakeIsBoundByTheTimeoutAsAWhole() throws Exception {
		// a record header announcing 16 KiB, then one byte of it every 100 ms: each read alone is well within 500 ms
		this.server = TestServer.start((c) -> {
			c.socket().getInputStream().read(new byte[8192]); // the ClientHello
			c.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
			for (int i = 0; i < 50 && !this.done.await(100, TimeUnit.MILLISECONDS); i++) {
				c.write(new byte[] { 0x02 });
			}
		});
		transport(trusting().connectTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofSeconds(10)));
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(uri("/"))))
			.isInstanceOfSatisfying(TlsHandshakeException.class,
					(ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HANDSHAKE_TIMEOUT))
			.hasMessageContaining("https://localhost:" + this.server.port())
			.hasMessageContaining("timed out after 500 ms (the connect timeout");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000L);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void theRequestsOwnConnectTimeoutBoundsTheHandshake() throws Exception {
		silentServer();
		transport(trusting());
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.transport
			.send(HttpRequest.builder("GET", uri("/")).connectTimeout(Duration.ofMillis(600)).build()))
			.isInstanceOf(TlsHandshakeException.class)
			.hasMessageContaining("timed out after 600 ms");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1100L);
	}

	@Test
	void anExplicitHandshakeTimeoutWinsOverTheConnectTimeout() throws Exception {
		silentServer();
		transport(trusting().connectTimeout(Duration.ofMillis(300))
			.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore())
				.handshakeTimeout(Duration.ofMillis(1200)).build()));
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(uri("/"))))
			.isInstanceOf(TlsHandshakeException.class)
			.hasMessageContaining("timed out after 1200 ms (the TLS handshake timeout)");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1100L, 2500L);
	}

	@Test
	void closeDelimitedBodyEndedWithoutCloseNotifyIsATruncation() throws Exception {
		// the script returns without closing the TLS socket: the server closes the TCP socket under it, a bare FIN
		this.server = TestServer.start(ServerTls.of(TestCertificates.LOCALHOST), (c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello, maybe more");
		});
		transport(trusting());
		HttpResponse response = this.transport.send(HttpRequest.get(uri("/cut")));
		assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(TruncatedBodyException.class)
			.hasMessageContaining("https://localhost:" + this.server.port())
			.hasMessageContaining("no TLS close_notify")
			.hasMessageContaining("after 17 bytes");
		assertThat(this.transport.stats().total().idle()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void closeDelimitedBodyEndedByCloseNotifyIsComplete() throws Exception {
		this.server = TestServer.start(ServerTls.of(TestCertificates.LOCALHOST), (c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello, all of it");
			c.close(); // the TLS socket's close sends close_notify before the FIN
		});
		transport(trusting());
		for (int i = 0; i < 2; i++) {
			try (HttpResponse response = this.transport.send(HttpRequest.get(uri("/whole")))) {
				assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1))
					.isEqualTo("hello, all of it");
			}
		}
		assertThat(this.server.accepted()).isEqualTo(2);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@ParameterizedTest
	@ValueSource(strings = { "Content-Length: 100\r\n\r\nhello", "Transfer-Encoding: chunked\r\n\r\n64\r\nhello" })
	void lengthOrChunkedBodyCutShortStillRaises(String rest) throws Exception {
		this.server = TestServer.start(ServerTls.of(TestCertificates.LOCALHOST), (c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\n" + rest);
			c.close(); // even with close_notify, a body short of its framing is truncated
		});
		transport(trusting());
		HttpResponse response = this.transport.send(HttpRequest.get(uri("/short")));
		assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(TruncatedBodyException.class)
			.hasMessageContaining("https://localhost:" + this.server.port());
		PoolAssertions.assertBalanced(this.transport.stats());
	}
}
