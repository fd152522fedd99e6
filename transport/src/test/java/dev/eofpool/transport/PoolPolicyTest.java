package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.Background;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;

/** Limits, waits, expiry and server hints, proven from the server's side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolPolicyTest {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.closeables) {
			c.close();
		}
	}

	private Background background;

	/** The test's helpers, awaited after the test before anything else is closed. */
	private Background background() {
		if (this.background == null) {
			this.background = track(new Background());
		}
		return this.background;
	}

	private <T extends AutoCloseable> T track(T c) {
		this.closeables.add(0, c);
		return c;
	}

	/** A counting server closed after the test. */
	private CountingServer countingServer(String body) throws IOException {
		CountingServer server = new CountingServer(body);
		track(server.server);
		return server;
	}

	/** A transport with these settings, closed after the test. */
	private HttpTransport transport(TransportConfig.Builder config) {
		return track(new HttpTransport(config.build()));
	}

	/** A keep-alive server that tracks how many of its connections are open at once. */
	private static final class CountingServer {

		final AtomicInteger open = new AtomicInteger();

		final AtomicInteger maxOpen = new AtomicInteger();

		final TestServer server;

		CountingServer(String body) throws IOException {
			this.server = TestServer.start((c) -> {
				this.maxOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
				try {
					while (c.readRequest() != null) {
						c.respond(200, body);
					}
				}
				finally {
					this.open.decrementAndGet();
				}
			});
		}
	}

	@Test
	void perHostAndGlobalIdleLimitsHoldUnderSixteenConcurrentCallers() throws Exception {
		CountingServer a = countingServer("a");
		CountingServer b = countingServer("b");
		HttpTransport transport = transport(TransportConfig.builder().maxIdlePerHost(4).maxIdleTotal(6));
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				URI uri = ((t % 2 == 0) ? a.server : b.server).uri("/");
				futures.add(pool.submit(() -> {
					Waits.await(go, "the start signal");
					for (int i = 0; i < 50; i++) {
						transport.send(HttpRequest.get(uri)).body().readAllBytes();
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> f : futures) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		PoolStats stats = transport.stats();
		PoolAssertions.assertBalanced(stats);
		assertThat(stats.total().leased()).isZero();
		assertThat(stats.total().idle()).isLessThanOrEqualTo(6);
		stats.routes().values().forEach((s) -> assertThat(s.idle()).isLessThanOrEqualTo(4));
		assertThat(stats.total().requests()).isEqualTo(800);
	}

	@Test
	void connectionLimitHoldsForThirtyTwoThreadsAndNoRequestIsLost() throws Exception {
		CountingServer s = countingServer("limited");
		HttpTransport transport = transport(TransportConfig.builder()
			.maxConnectionsPerHost(4)
			.acquireTimeout(Duration.ofSeconds(30))
			);
		ExecutorService pool = Executors.newFixedThreadPool(32);
		AtomicInteger ok = new AtomicInteger();
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 32; t++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 50; i++) {
						HttpResponse r = transport.send(HttpRequest.get(s.server.uri("/")));
						if (new String(r.body().readAllBytes(), "ISO-8859-1").equals("limited")) {
							ok.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get(50, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(ok.get()).isEqualTo(32 * 50);
		assertThat(s.maxOpen.get()).isLessThanOrEqualTo(4);
		assertThat(s.server.accepted()).isLessThanOrEqualTo(4);
		PoolAssertions.assertBalanced(transport.stats());
		assertThat(transport.stats().total().waiting()).isZero();
	}

	@Test
	void acquireTimeoutNamesRouteLimitAndWaiters() throws Exception {
		CountingServer s = countingServer("x");
		HttpTransport transport = transport(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofMillis(200))
			);
		HttpResponse held = transport.send(HttpRequest.get(s.server.uri("/")));
		// another thread asks for the only connection and must give up after the acquire timeout, saying why
		Future<Long> other = background().call(() -> {
			long start = System.nanoTime();
			assertThatThrownBy(() -> transport.send(HttpRequest.get(s.server.uri("/"))))
				.isInstanceOf(PoolExhaustedException.class)
				.hasMessageMatching("Timed out after \\d+ ms waiting for a connection to http://127\\.0\\.0\\.1:"
						+ s.server.port() + ": all 1 connections \\(the per-host limit\\) stayed in use; "
						+ "0 other request\\(s\\) still waiting\\. To allow more connections raise "
						+ "TransportConfig\\.Builder\\.maxConnectionsPerHost \\(1, every host\\) or set "
						+ "TransportConfig\\.Builder\\.host\\(\"127\\.0\\.0\\.1:" + s.server.port()
						+ "\", HostSettings\\.maxConnections\\) \\(this host and port\\); to wait longer raise "
						+ "TransportConfig\\.Builder\\.acquireTimeout \\(200 ms\\)")
				.satisfies((ex) -> assertThat(((PoolExhaustedException) ex).route().port()).isEqualTo(s.server.port()))
				.satisfies((ex) -> assertThat(Long.parseLong(ex.getMessage().split(" ")[3]))
					.as("the wait the message reports").isBetween(200L, 10_000L));
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		});
		assertThat(background().get(other)).as("how long the other thread waited").isBetween(200L, 10_000L);
		assertThat(transport.stats().total().waiting()).isZero();
		assertThat(s.server.accepted()).as("the limit held: no second connection").isEqualTo(1);
		held.body().readAllBytes();
		PoolAssertions.assertBalanced(transport.stats());
		// the same thread holding the only connection and asking again would wait forever: it fails at once
		HttpResponse again = transport.send(HttpRequest.get(s.server.uri("/")));
		assertThatThrownBy(() -> transport.send(HttpRequest.get(s.server.uri("/"))))
			.isInstanceOf(PoolExhaustedException.class)
			.hasMessageContaining("this thread already holds all 1")
			.hasMessageContaining(s.server.uri("/").getPort() + "")
			.hasMessageContaining("raise TransportConfig.Builder.maxConnectionsPerHost (1, every host)");
		again.close();
	}

	/**
	 * Starts a helper that leases a connection and holds it until {@code release}; returns once it holds it. The
	 * helper's failure fails the test through the returned future.
	 */
	private Future<Void> holdTheOnlyConnection(HttpTransport transport, URI uri, CountDownLatch release)
			throws InterruptedException {
		CountDownLatch holding = new CountDownLatch(1);
		Future<Void> holder = background().run(() -> {
			try (HttpResponse r = transport.send(HttpRequest.get(uri))) {
				assertThat(r.status()).isEqualTo(200);
				holding.countDown();
				Waits.await(release, "the release of the only connection");
			}
		});
		Waits.await(holding, "the helper to hold the only connection");
		return holder;
	}

	@Test
	void acquireTimeoutMessage() throws Exception {
		CountingServer s = countingServer("x");
		HttpTransport transport = transport(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofMillis(200))
			);
		CountDownLatch release = new CountDownLatch(1);
		Future<Void> holder = holdTheOnlyConnection(transport, s.server.uri("/"), release);
		assertThatThrownBy(() -> transport.send(HttpRequest.get(s.server.uri("/"))))
			.isInstanceOf(PoolExhaustedException.class)
			.hasMessageContaining("Timed out after")
			.hasMessageContaining("waiting for a connection to http://127.0.0.1:" + s.server.port())
			.hasMessageContaining("all 1 connections")
			.hasMessageContaining("0 other request(s) still waiting")
			.hasMessageContaining("To allow more connections raise TransportConfig.Builder.maxConnectionsPerHost (1, "
					+ "every host) or set TransportConfig.Builder.host(\"127.0.0.1:" + s.server.port()
					+ "\", HostSettings.maxConnections) (this host and port)")
			.hasMessageEndingWith("; to wait longer raise TransportConfig.Builder.acquireTimeout (200 ms)");
		release.countDown();
		background().get(holder);
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void failFastPolicyRefusesAtOnce() throws Exception {
		CountingServer s = countingServer("x");
		HttpTransport transport = transport(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.exhaustionPolicy(ExhaustionPolicy.FAIL_FAST)
			);
		CountDownLatch release = new CountDownLatch(1);
		Future<Void> holder = holdTheOnlyConnection(transport, s.server.uri("/"), release);
		assertThatThrownBy(() -> transport.send(HttpRequest.get(s.server.uri("/"))))
			.isInstanceOf(PoolExhaustedException.class)
			.hasMessageContaining("fail-fast")
			.hasMessageContaining("(TransportConfig.Builder.exhaustionPolicy)")
			.hasMessageContaining("raise TransportConfig.Builder.maxConnectionsPerHost (1, every host)")
			.hasMessageContaining("set TransportConfig.Builder.exhaustionPolicy to wait");
		release.countDown();
		background().get(holder);
	}

	@Test
	void interruptedWaitersLeaveNoTrace() throws Exception {
		CountingServer s = countingServer("x");
		HttpTransport transport = transport(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(30))
			);
		HttpResponse held = transport.send(HttpRequest.get(s.server.uri("/")));
		List<Thread> waiters = new ArrayList<>();
		AtomicInteger interrupted = new AtomicInteger();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 8; i++) {
			// plain threads, to interrupt them; anything but the expected interrupt is recorded and fails the test
			Thread t = new Thread(() -> {
				try {
					transport.send(HttpRequest.get(s.server.uri("/"))).close();
					failures.add(new AssertionError("a waiter got a connection while the only one was held"));
				}
				catch (InterruptedIOException ex) {
					interrupted.incrementAndGet();
				}
				catch (IOException | RuntimeException ex) {
					failures.add(ex);
				}
			}, "waiter-" + i);
			t.start();
			waiters.add(t);
		}
		Waits.until(() -> transport.stats().total().waiting() == 8, "8 requests waiting for the only connection");
		waiters.forEach(Thread::interrupt);
		for (Thread t : waiters) {
			Waits.join(t);
		}
		assertThat(failures).isEmpty();
		assertThat(interrupted.get()).isEqualTo(8);
		RouteStats total = transport.stats().total();
		assertThat(total.waiting()).isZero();
		assertThat(total.leased()).isEqualTo(1);
		held.body().readAllBytes();
		// the slot is free again: the next request is served at once on the same connection
		transport.send(HttpRequest.get(s.server.uri("/"))).body().readAllBytes();
		assertThat(s.server.accepted()).isEqualTo(1);
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void keepAliveTimeoutHintExpiresConnectionBeforeTheServerDoes() throws Exception {
		TestServer server = track(TestServer.responding((c, r) -> c.write(
				"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1, max=100\r\nContent-Length: 2\r\n\r\nok")));
		ManualTicker ticker = new ManualTicker();
		HttpTransport transport = transport(TransportConfig.builder().ticker(ticker).backgroundEviction(false));
		transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
		assertThat(transport.stats().total().idle()).isEqualTo(1);
		RouteStats route = transport.stats().routes().values().iterator().next();
		assertThat(route.serverKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(route.effectiveIdleTimeout()).isEqualTo(Duration.ofMillis(500));
		ticker.advance(1500, TimeUnit.MILLISECONDS);
		HttpResponse next = transport.send(HttpRequest.get(server.uri("/")));
		assertThat(next.reusedConnection()).isFalse();
		next.body().readAllBytes();
		assertThat(server.accepted()).isEqualTo(2);
		assertThat(transport.stats().total().closedByReason().get(CloseReason.KEEP_ALIVE_TIMEOUT)).isEqualTo(1);
	}

	@Test
	void idleTimeoutAndMaxLifetimeEvictWithoutTraffic() throws Exception {
		TestServer server = track(TestServer.responding((c, r) -> c.respond(200, "ok")));
		ManualTicker ticker = new ManualTicker();
		HttpTransport transport = transport(TransportConfig.builder()
			.ticker(ticker)
			.backgroundEviction(false)
			.idleTimeout(Duration.ofSeconds(10))
			.maxLifetime(Duration.ofSeconds(60))
			);
		transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
		long next = transport.pool().evictExpired(ticker.nanoTime());
		assertThat(next).isEqualTo(TimeUnit.SECONDS.toNanos(10));
		ticker.advance(9, TimeUnit.SECONDS);
		assertThat(transport.pool().evictExpired(ticker.nanoTime())).isEqualTo(TimeUnit.SECONDS.toNanos(1));
		ticker.advance(1, TimeUnit.SECONDS);
		// nothing idle is left; the next deadline is when the empty route may be forgotten
		assertThat(transport.pool().evictExpired(ticker.nanoTime())).isEqualTo(TimeUnit.MINUTES.toNanos(10));
		assertThat(transport.stats().total().closedByReason().get(CloseReason.IDLE_TIMEOUT)).isEqualTo(1);
		// max lifetime: a connection kept busy is still retired once old enough (jitter takes up to 10% off)
		for (int i = 0; i < 6; i++) {
			transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
			ticker.advance(9, TimeUnit.SECONDS);
			transport.pool().evictExpired(ticker.nanoTime());
		}
		ticker.advance(9, TimeUnit.SECONDS);
		transport.pool().evictExpired(ticker.nanoTime());
		assertThat(transport.stats().total().closedByReason().get(CloseReason.MAX_LIFETIME)).isEqualTo(1);
		assertThat(transport.stats().total().idle()).isZero();
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void routesWithoutConnectionsAreForgottenButTheirCountsAreKept() throws Exception {
		TestServer server = track(TestServer.responding((c, r) -> c.respond(200, "ok")));
		ManualTicker ticker = new ManualTicker();
		HttpTransport transport = transport(TransportConfig.builder()
			.ticker(ticker)
			.backgroundEviction(false)
			.idleTimeout(Duration.ofSeconds(10))
			);
		for (int i = 0; i < 3; i++) {
			transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
		}
		ticker.advance(11, TimeUnit.SECONDS);
		transport.pool().evictExpired(ticker.nanoTime());
		assertThat(transport.stats().routes()).hasSize(1);
		ticker.advance(9, TimeUnit.MINUTES);
		transport.pool().evictExpired(ticker.nanoTime());
		assertThat(transport.stats().routes()).hasSize(1);
		ticker.advance(1, TimeUnit.MINUTES);
		assertThat(transport.pool().evictExpired(ticker.nanoTime())).isEqualTo(Long.MAX_VALUE);
		PoolStats stats = transport.stats();
		assertThat(stats.routes()).isEmpty();
		assertThat(stats.total().opened()).isEqualTo(1);
		assertThat(stats.total().closed()).isEqualTo(1);
		assertThat(stats.total().requests()).isEqualTo(3);
		assertThat(stats.total().closedByReason().get(CloseReason.IDLE_TIMEOUT)).isEqualTo(1);
		PoolAssertions.assertBalanced(stats);
		// the route comes back fresh on the next request
		transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
		assertThat(transport.stats().routes()).hasSize(1);
		assertThat(transport.stats().total().requests()).isEqualTo(4);
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void closedTransportClosesIdleAtOnceInFlightWhenDoneAndRefusesNewRequests() throws Exception {
		TestServer server = track(TestServer.responding((c, r) -> c.respond(200, "ok")));
		HttpTransport transport = new HttpTransport(TransportConfig.defaults());
		transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
		HttpResponse a = transport.send(HttpRequest.get(server.uri("/")));
		HttpResponse b = transport.send(HttpRequest.get(server.uri("/")));
		a.body().readAllBytes();
		assertThat(transport.stats().total().idle()).isEqualTo(1);
		transport.close();
		assertThat(transport.stats().total().idle()).isZero();
		assertThat(transport.stats().total().leased()).isEqualTo(1);
		assertThat(new String(b.body().readAllBytes(), "ISO-8859-1")).isEqualTo("ok");
		assertThat(transport.stats().total().leased()).isZero();
		assertThat(transport.stats().total().closedByReason().get(CloseReason.TRANSPORT_CLOSED)).isEqualTo(2);
		assertThatThrownBy(() -> transport.send(HttpRequest.get(server.uri("/"))))
			.isInstanceOf(dev.eofpool.transport.TransportClosedException.class)
			.hasMessageContaining("closed");
		assertThat(transport.stats().closed()).isTrue();
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void perHostSettingsOverrideTheDefaults() {
		TransportConfig config = TransportConfig.builder()
			.maxConnectionsPerHost(10)
			.host("api.example.com:443", HostSettings.NONE.withMaxConnections(2))
			.host("*.internal", HostSettings.NONE.withMaxIdle(1).withReadTimeout(Duration.ofSeconds(3)))
			.host("*.b.internal", HostSettings.NONE.withMaxIdle(7))
			.build();
		assertThat(config.settingsFor("api.example.com", 443).maxConnections()).isEqualTo(2);
		assertThat(config.settingsFor("API.example.com", 80).maxConnections()).isEqualTo(10);
		assertThat(config.settingsFor("db.internal", 80).maxIdle()).isEqualTo(1);
		assertThat(config.settingsFor("db.internal", 80).readTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(config.settingsFor("x.b.internal", 80).maxIdle()).isEqualTo(7);
		assertThat(config.settingsFor("internal", 80).maxIdle()).isEqualTo(HostSettings.DEFAULTS.maxIdle());
	}

	@Test
	void badSettingsAreRejectedNamingTheSettingAndValue() {
		assertThatThrownBy(() -> TransportConfig.builder().maxConnectionsPerHost(0).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("maxConnectionsPerHost must be at least 1 but was 0");
		assertThatThrownBy(() -> TransportConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
			.hasMessageContaining("idleTimeout");
		assertThatThrownBy(() -> TransportConfig.builder()
			.host("x:1", HostSettings.NONE.withMaxIdle(-2))
			.build()).hasMessage("hosts[x:1].maxIdle must be at least 0 but was -2");
		assertThatThrownBy(() -> TransportConfig.builder().host("a*b", HostSettings.NONE))
			.isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("hosts[a*b]");
				assertThat(ex.value()).isEqualTo("a*b");
			})
			.hasMessageContaining("a*b");
	}
}
