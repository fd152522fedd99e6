package dev.eofpool.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;
import dev.eofpool.transport.tls.TlsSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phases a {@link CallListener} sees, in order, against real servers: a fresh {@code https} call, a reused
 * {@code http} one, a blackholed address and a full pool. Connections are counted on the server side.
 */
@Timeout(60)
class CallListenerTest {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.closeables) {
			c.close();
		}
	}

	@Test
	void freshHttpsCallShowsEveryPhaseInOrder() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		TestServer server = track(TestServer.responding(tls, (c, r) -> c.respond(200, "ok")));
		HttpTransport transport = track(new HttpTransport(TransportConfig.builder()
			.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build())
			.build()));
		Recorder recorder = new Recorder();
		transport.addCallListener(recorder);
		assertThat(get(transport, URI.create("https://localhost:" + server.port() + "/"))).isEqualTo("ok");
		assertThat(recorder.names()).containsExactly("callStart", "dnsStart", "dnsEnd", "connectStart", "connectEnd",
				"tlsStart", "tlsEnd ok", "acquired new", "requestHeadWritten", "responseHeadReceived 200",
				"responseBodyEnd complete", "connectionReleased kept", "callEnd 200");
		assertThat(server.accepted()).isEqualTo(1);
		assertThat(tls.handshakes()).hasSize(1);
	}

	@Test
	void reusedCallSkipsConnectingAndARequestListenerComesAfterTheTransports() throws Exception {
		TestServer server = track(TestServer.responding((c, r) -> c.respond(200, "ok")));
		HttpTransport transport = track(new HttpTransport(TransportConfig.defaults()));
		Recorder recorder = new Recorder();
		transport.addCallListener(recorder);
		assertThat(get(transport, server.uri("/"))).isEqualTo("ok");
		recorder.events.clear();
		Recorder own = new Recorder();
		HttpRequest request = HttpRequest.builder("POST", server.uri("/"))
			.body(RequestBody.of("hello".getBytes(StandardCharsets.US_ASCII)))
			.listener(own)
			.build();
		try (HttpResponse response = transport.send(request); InputStream body = response.body()) {
			assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ok");
		}
		List<String> expected = List.of("callStart", "acquired reused", "requestHeadWritten", "requestBodyWritten",
				"responseHeadReceived 200", "responseBodyEnd complete", "connectionReleased kept", "callEnd 200");
		assertThat(recorder.names()).containsExactlyElementsOf(expected);
		assertThat(own.names()).containsExactlyElementsOf(expected);
		assertThat(server.accepted()).isEqualTo(1);
		transport.removeCallListener(recorder);
		assertThat(get(transport, server.uri("/"))).isEqualTo("ok");
		assertThat(recorder.names()).containsExactlyElementsOf(expected);
	}

	@Test
	void blackholedAddressShowsAnAbandonedAttempt() throws Exception {
		InetAddress dead = InetAddress.getByName("127.0.0.2");
		InetAddress good = InetAddress.getByName("127.0.0.3");
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, dead)) {
			port = probe.getLocalPort();
		}
		blackhole(new InetSocketAddress(dead, port));
		TestServer server = track(TestServer.responding(new InetSocketAddress(good, port),
				(c, r) -> c.respond(200, "ok")));
		Resolver resolver = (host) -> {
			if (!"blackhole.test".equals(host)) {
				throw new UnknownHostException(host);
			}
			return List.of(dead, good);
		};
		HttpTransport transport = track(new HttpTransport(TransportConfig.builder().resolver(resolver)
			.connectStagger(Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(5)).build()));
		Recorder recorder = new Recorder();
		transport.addCallListener(recorder);
		assertThat(get(transport, URI.create("http://blackhole.test:" + port + "/"))).isEqualTo("ok");
		assertThat(recorder.names()).startsWith("callStart", "dnsStart", "dnsEnd", "connectStart", "connectStart");
		assertThat(recorder.events).anySatisfy((e) -> assertThat(e).startsWith("connectFailed /127.0.0.2:" + port
				+ " abandoned"));
		assertThat(recorder.events).anySatisfy((e) -> assertThat(e).startsWith("connectEnd /127.0.0.3:" + port));
		assertThat(server.accepted()).isEqualTo(1);
	}

	@Test
	void fullPoolShowsTheWaitInAcquired() throws Exception {
		TestServer server = track(TestServer.responding((c, r) -> c.respond(200, "ok")));
		HttpTransport transport = track(new HttpTransport(TransportConfig.builder().maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(10)).build()));
		Recorder recorder = new Recorder();
		transport.addCallListener(recorder);
		HttpResponse held = transport.send(HttpRequest.get(server.uri("/")));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<String> second = executor.submit(() -> get(transport, server.uri("/")));
			Waits.until(() -> transport.stats().routes().values().iterator().next().waiting() == 1,
					"the second call to wait");
			// the second call is queued from here on: hold the connection a known time before giving it back
			long seenWaiting = System.nanoTime();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			long heldFor = System.nanoTime() - seenWaiting; // the connection goes back only in the read to EOF below
			held.body().readAllBytes();
			held.close();
			assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
			assertThat(recorder.acquiredWaits).hasSize(2);
			assertThat(recorder.events).contains("acquired new", "acquired reused");
			// the second call waited at least as long as the test held the connection after seeing it queued
			assertThat(recorder.acquiredWaits.get(1)).isGreaterThanOrEqualTo(heldFor);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(server.accepted()).isEqualTo(1);
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	private static String get(HttpTransport transport, URI uri) throws IOException {
		try (HttpResponse response = transport.send(HttpRequest.get(uri)); InputStream body = response.body()) {
			return new String(body.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

	/** A listener with an accept backlog of one, filled, so further SYNs are dropped and a connect hangs. */
	private void blackhole(InetSocketAddress address) throws IOException {
		ServerSocket listener = new ServerSocket();
		listener.bind(address, 1);
		this.closeables.add(listener);
		for (int i = 0; i < 8; i++) {
			Socket s = new Socket();
			try {
				s.connect(address, 300);
				this.closeables.add(s);
			}
			catch (SocketTimeoutException ex) {
				s.close();
				return;
			}
		}
		throw new IllegalStateException("could not fill the accept backlog of " + address);
	}

	/** Records each event as a short text, in the order they came. */
	static final class Recorder implements CallListener {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<Long> acquiredWaits = new CopyOnWriteArrayList<>();

		List<String> names() {
			return this.events.stream().map((e) -> e.startsWith("connect") && !e.startsWith("connectionReleased")
					? e.substring(0, e.indexOf(' ') < 0 ? e.length() : e.indexOf(' ')) : e).toList();
		}

		@Override
		public void callStart(Route route, HttpRequest request) {
			this.events.add("callStart");
		}

		@Override
		public void callEnd(Route route, int status, IOException failure, long durationNanos) {
			this.events.add("callEnd " + ((failure != null) ? "failed" : status));
		}

		@Override
		public void dnsStart(Route route, String host) {
			this.events.add("dnsStart");
		}

		@Override
		public void dnsEnd(Route route, String host, List<InetAddress> addresses, IOException failure, long nanos) {
			this.events.add("dnsEnd");
		}

		@Override
		public void connectStart(Route route, InetSocketAddress address) {
			this.events.add("connectStart " + address);
		}

		@Override
		public void connectEnd(Route route, InetSocketAddress address, long nanos) {
			this.events.add("connectEnd " + address);
		}

		@Override
		public void connectFailed(Route route, InetSocketAddress address, IOException failure, long nanos) {
			this.events.add("connectFailed " + address + " " + failure.getMessage());
		}

		@Override
		public void tlsStart(Route route) {
			this.events.add("tlsStart");
		}

		@Override
		public void tlsEnd(Route route, IOException failure, long nanos) {
			this.events.add("tlsEnd " + ((failure != null) ? "failed" : "ok"));
		}

		@Override
		public void connectionAcquired(Route route, boolean reused, long idleNanos, long waitNanos) {
			this.events.add("acquired " + (reused ? "reused" : "new"));
			this.acquiredWaits.add(waitNanos);
		}

		@Override
		public void requestHeadWritten(Route route) {
			this.events.add("requestHeadWritten");
		}

		@Override
		public void requestBodyWritten(Route route, long bytes) {
			this.events.add("requestBodyWritten");
		}

		@Override
		public void responseHeadReceived(Route route, int status, long timeToFirstByteNanos) {
			this.events.add("responseHeadReceived " + status);
		}

		@Override
		public void responseBodyEnd(Route route, boolean complete) {
			this.events.add("responseBodyEnd " + (complete ? "complete" : "early"));
		}

		@Override
		public void connectionReleased(Route route, boolean kept, CloseReason reason) {
			this.events.add("connectionReleased " + (kept ? "kept" : reason));
		}
	}
}
