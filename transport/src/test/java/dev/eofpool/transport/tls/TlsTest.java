package dev.eofpool.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TransportExtension;

/**
 * HTTPS on the pooled transport: one handshake for many requests, session resumption on new connections, the EOF
 * gate, the idle probe and the early-close drain over TLS, and routes kept apart by TLS settings.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsTest {

	private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world";

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	static TlsSettings trusting() {
		return TlsSettings.builder().trustStore(TestCertificates.trustStore()).build();
	}

	private URI uri(String path) {
		return URI.create("https://localhost:" + this.server.port() + path);
	}

	private HttpTransport transport(TlsSettings tls) {
		return transport(TransportConfig.builder().tls(tls));
	}

	private HttpTransport transport(TransportConfig.Builder config) {
		this.transport = this.env.transport(config.build());
		return this.transport;
	}

	private String get(String path) throws Exception {
		HttpResponse response = this.transport.send(HttpRequest.get(uri(path)));
		assertThat(response.status()).isEqualTo(200);
		return new String(readToEof(response.body()), "ISO-8859-1");
	}

	@Test
	void hundredSequentialHttpsGetsUseOneConnectionAndOneHandshake() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		this.server = this.env.responding(tls, (c, r) -> c.write(OK));
		transport(trusting());
		for (int i = 0; i < 100; i++) {
			assertThat(get("/x")).isEqualTo("hello world"); // read to EOF, never closed
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(tls.handshakes()).hasSize(1);
		assertThat(this.server.requests()).hasSize(100).allMatch((r) -> r.connectionIndex() == 0);
		assertThat(this.server.requests().get(0).header("Host")).isEqualTo("localhost:" + this.server.port());
		RouteStats total = this.transport.stats().total();
		assertThat(total.opened()).isEqualTo(1);
		assertThat(total.reusedRequests()).isEqualTo(99);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void concurrentCallersHandshakeOncePerConnection() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		this.server = this.env.responding(tls, (c, r) -> c.write(OK));
		transport(trusting());
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
			for (int t = 0; t < 4; t++) {
				results.add(pool.submit(() -> {
					int ok = 0;
					for (int i = 0; i < 25; i++) {
						ok += get("/c").equals("hello world") ? 1 : 0;
					}
					return ok;
				}));
			}
			for (java.util.concurrent.Future<Integer> f : results) {
				assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(25);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.server.accepted()).isBetween(1, 4);
		assertThat(tls.handshakes()).hasSize(this.server.accepted());
		assertThat(this.transport.stats().total().opened()).isEqualTo(this.server.accepted());
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aSecondConnectionResumesTheSession(String protocol) throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST).protocols(protocol);
		// Connection: close, so every request needs a new connection and a new handshake
		this.server = this.env.responding(tls,
				(c, r) -> c.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
		transport(trusting());
		HttpResponse first = this.transport.send(HttpRequest.get(uri("/1")));
		readToEof(first.body());
		HttpResponse second = this.transport.send(HttpRequest.get(uri("/2")));
		readToEof(second.body());
		assertThat(this.server.accepted()).isEqualTo(2);
		assertThat(tls.handshakes()).hasSize(2);
		SSLSession full = tls.handshakes().get(0);
		SSLSession resumed = tls.handshakes().get(1);
		assertThat(resumed.getProtocol()).isEqualTo(protocol);
		if (protocol.equals("TLSv1.2")) {
			assertThat(resumed.getId()).isEqualTo(full.getId()); // the server found the session in its cache
		}
		else {
			// TLS 1.3 resumes through a pre-shared key; the resumed session carries the original's creation time
			assertThat(resumed.getCreationTime()).isEqualTo(full.getCreationTime());
		}
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.SERVER_CONNECTION_CLOSE))
			.isEqualTo(2);
	}

	@Test
	void aNewContextMeansAFullHandshake() throws Exception {
		// the control for the resumption test: what a non-resumed second handshake looks like
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST).protocols("TLSv1.2");
		this.server = this.env.responding(tls,
				(c, r) -> c.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
		transport(trusting());
		readToEof(this.transport.send(HttpRequest.get(uri("/1"))).body());
		readToEof(this.transport.send(HttpRequest.builder("GET", uri("/2")).tls(trusting()).build()).body());
		assertThat(tls.handshakes()).hasSize(2);
		assertThat(Arrays.equals(tls.handshakes().get(0).getId(), tls.handshakes().get(1).getId())).isFalse();
	}

	@Test
	void addressLiteralsAreVerifiedAgainstTheCertificatesIpNames() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		this.server = this.env.responding(tls, (c, r) -> c.write(OK));
		transport(trusting());
		HttpResponse response = this.transport
			.send(HttpRequest.get(URI.create("https://127.0.0.1:" + this.server.port() + "/")));
		assertThat(readToEof(response.body())).hasSize(11);
	}

	@Test
	void closeBeforeTheEndDrainsOverTlsAndReusesTheConnection() throws Exception {
		char[] body = new char[4000];
		Arrays.fill(body, 'b');
		this.server = this.env.responding(ServerTls.of(TestCertificates.LOCALHOST),
				(c, r) -> c.write("HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n" + new String(body)));
		transport(trusting());
		for (int i = 0; i < 3; i++) {
			try (HttpResponse response = this.transport.send(HttpRequest.get(uri("/big")))) {
				assertThat(response.body().readNBytes(10)).hasSize(10);
			}
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().drainsReused()).isEqualTo(3);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void unsolicitedBytesAfterAResponseCloseTheTlsConnection() throws Exception {
		this.server = this.env.responding(ServerTls.of(TestCertificates.LOCALHOST),
				(c, r) -> c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE"));
		transport(trusting());
		for (int i = 0; i < 3; i++) {
			assertThat(get("/")).isEqualTo("ok");
		}
		assertThat(this.server.accepted()).isEqualTo(3);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.UNSOLICITED_BYTES)).isEqualTo(3);
	}

	/** How the server ends an idle TLS connection. */
	enum IdleEnd {
		/** {@code close_notify}, then FIN. */
		CLOSE_NOTIFY,
		/** FIN without {@code close_notify}. */
		TCP_ONLY,
		/** Application data nobody asked for. */
		UNSOLICITED_DATA
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.EnumSource(IdleEnd.class)
	void theIdleProbeSeesWhatTheServerDidToAnIdleTlsConnection(IdleEnd end) throws Exception {
		CountDownLatch ended = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicReference<java.net.Socket> raw = new java.util.concurrent.atomic.AtomicReference<>();
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		this.server = this.env.start((s) -> {
			raw.compareAndSet(null, s);
			return tls.wrap(s);
		}, (c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			if (c.index() == 0) {
				switch (end) {
					case CLOSE_NOTIFY -> c.close();
					case TCP_ONLY -> raw.get().close();
					case UNSOLICITED_DATA -> c.write("surprise");
				}
				ended.countDown();
			}
			while (c.readRequest() != null) {
				c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			}
		});
		// probe every reuse; no retry, so only the probe can save the second request
		transport(TransportConfig.builder().tls(trusting()).validateAfterIdle(Duration.ZERO).retryStale(false));
		assertThat(get("/1")).isEqualTo("ok");
		assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(get("/2")).isEqualTo("ok");
		assertThat(this.server.accepted()).isEqualTo(2);
		CloseReason expected = (end == IdleEnd.UNSOLICITED_DATA) ? CloseReason.UNSOLICITED_BYTES
				: CloseReason.SERVER_CLOSED_IDLE;
		assertThat(this.transport.stats().total().closedByReason().get(expected)).isEqualTo(1);
		assertThat(this.transport.stats().total().retries()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.EnumSource(value = IdleEnd.class, names = { "CLOSE_NOTIFY", "TCP_ONLY" })
	void withoutTheProbeAServerCloseIsRetriedOnceOnAFreshTlsConnection(IdleEnd end) throws Exception {
		CountDownLatch ended = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicReference<java.net.Socket> raw = new java.util.concurrent.atomic.AtomicReference<>();
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		this.server = this.env.start((s) -> {
			raw.compareAndSet(null, s);
			return tls.wrap(s);
		}, (c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			if (c.index() == 0) {
				if (end == IdleEnd.CLOSE_NOTIFY) {
					c.close();
				}
				else {
					raw.get().close();
				}
				ended.countDown();
			}
			while (c.readRequest() != null) {
				c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			}
		});
		// the probe never runs, so the request is written on the dead connection and must be retried
		transport(TransportConfig.builder().tls(trusting()).validateAfterIdle(Duration.ofHours(1)));
		assertThat(get("/1")).isEqualTo("ok");
		assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(get("/2")).isEqualTo("ok");
		assertThat(this.server.accepted()).isEqualTo(2);
		assertThat(this.transport.stats().total().retries()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void aHealthyIdleTlsConnectionPassesTheProbe() throws Exception {
		this.server = this.env.responding(ServerTls.of(TestCertificates.LOCALHOST), (c, r) -> c.write(OK));
		transport(TransportConfig.builder().tls(trusting()).validateAfterIdle(Duration.ZERO));
		for (int i = 0; i < 20; i++) {
			assertThat(get("/")).isEqualTo("hello world");
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void differentTlsSettingsNeverShareAConnection() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		this.server = this.env.responding(tls, (c, r) -> c.write(OK));
		TlsSettings base = trusting();
		TlsSettings tls13 = base.toBuilder().protocols("TLSv1.3").build();
		TlsSettings equalToBase = base.toBuilder().build();
		transport(base);
		for (int i = 0; i < 3; i++) {
			readToEof(this.transport.send(HttpRequest.get(uri("/a"))).body());
			readToEof(this.transport.send(HttpRequest.builder("GET", uri("/b")).tls(tls13).build()).body());
			readToEof(this.transport.send(HttpRequest.builder("GET", uri("/c")).tls(equalToBase).build()).body());
		}
		assertThat(this.server.accepted()).isEqualTo(2);
		Route direct = Route.of(uri("/"));
		assertThat(this.transport.stats().routes()).containsOnlyKeys(direct, direct.withTls(tls13));
		assertThat(this.transport.stats().routes().get(direct).requests()).isEqualTo(6);
		assertThat(direct.withTls(tls13).toString()).startsWith("https://localhost:").contains(tls13.tag());
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void theHandshakeTimeoutNamesTheRoute() throws Exception {
		// accepts TCP, never answers the ClientHello
		CountDownLatch done = new CountDownLatch(1);
		this.server = this.env.start((c) -> done.await(20, TimeUnit.SECONDS));
		transport(trusting().toBuilder().handshakeTimeout(Duration.ofMillis(200)).build());
		URI uri = uri("/");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.transport.send(HttpRequest.get(uri)))
			.isInstanceOfSatisfying(TlsHandshakeException.class,
					(ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HANDSHAKE_TIMEOUT))
			.hasMessageContaining("TLS handshake with https://localhost:" + this.server.port())
			.hasMessageContaining("timed out after 200 ms");
		done.countDown();
		assertThat(this.transport.stats().total().connectFailures()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	static byte[] readToEof(InputStream in) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[7];
		int n;
		while ((n = in.read(buffer)) != -1) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}
}
