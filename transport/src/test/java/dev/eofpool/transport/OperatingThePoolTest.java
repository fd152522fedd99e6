package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;
import dev.eofpool.transport.tls.TlsSettings;

/** Warm-up, drain, bounded waiting, the total cap and the response-head timeout, counted on the server's side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperatingThePoolTest {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void close() throws Exception {
		this.executor.shutdownNow();
		for (AutoCloseable c : this.closeables) {
			c.close();
		}
	}

	private <T extends AutoCloseable> T track(T c) {
		this.closeables.add(0, c);
		return c;
	}

	/** A keep-alive server that counts the connections the client closed. */
	private static final class Server {

		final AtomicInteger clientCloses = new AtomicInteger();

		final TestServer server;

		Server(TestServer.SocketWrapper wrapper, CountDownLatch hold) throws IOException {
			TestServer.Script script = (c) -> {
				while (c.readRequest() != null) {
					if (hold != null) {
						hold.await(30, TimeUnit.SECONDS);
					}
					c.respond(200, "ok");
				}
				this.clientCloses.incrementAndGet();
			};
			this.server = (wrapper != null) ? TestServer.start(wrapper, script) : TestServer.start(script);
		}
	}

	private Server server(CountDownLatch hold) throws IOException {
		Server s = new Server(null, hold);
		track(s.server);
		return s;
	}

	private HttpTransport transport(TransportConfig.Builder config) {
		return track(new HttpTransport(config.backgroundEviction(false).build()));
	}

	private static String get(HttpTransport transport, URI uri) throws IOException {
		try (HttpResponse response = transport.send(HttpRequest.get(uri))) {
			return new String(response.body().readAllBytes());
		}
	}

	/** Waits, bounded by {@link Waits#DEFAULT}, for something another thread does. */
	private static void await(BooleanSupplier condition) throws InterruptedException {
		Waits.until(condition, "the pool and the server to catch up");
	}

	@Test
	void warmUpOpensAndHandshakesConnectionsBeforeTheFirstRequest() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		Server s = new Server(tls, null);
		track(s.server);
		HttpTransport transport = transport(TransportConfig.builder()
			.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build()));
		URI origin = URI.create("https://localhost:" + s.server.port());
		WarmUpResult result = transport.warmUp(origin, 4, Duration.ofSeconds(10));
		assertThat(result.errors()).isEmpty();
		assertThat(result.opened()).isEqualTo(4);
		assertThat(result.idle()).isEqualTo(4);
		// the kernel completes a connect before the server's accept() returns: wait for the server to see all four
		await(() -> s.server.accepted() == 4);
		await(() -> tls.handshakes().size() == 4);
		for (int i = 0; i < 4; i++) {
			assertThat(get(transport, origin.resolve("/"))).isEqualTo("ok");
		}
		// the requests reused the warm connections: no connect, no handshake
		assertThat(s.server.accepted()).isEqualTo(4);
		assertThat(tls.handshakes()).hasSize(4);
	}

	@Test
	void warmUpStaysWithinTheHostsLimitsAndReportsWhatFailed() throws Exception {
		Server s = server(null);
		HttpTransport transport = transport(TransportConfig.builder().maxIdlePerHost(2));
		WarmUpResult result = transport.warmUp(s.server.uri("/"), 4, Duration.ofSeconds(10));
		assertThat(result.opened()).isEqualTo(2);
		assertThat(transport.stats().total().idle()).isEqualTo(2);
		await(() -> s.server.accepted() == 2);
		TestServer gone = TestServer.start((c) -> c.close());
		int port = gone.port();
		gone.close();
		WarmUpResult failed = transport.warmUp(URI.create("http://127.0.0.1:" + port), 1, Duration.ofSeconds(5));
		assertThat(failed.opened()).isZero();
		assertThat(failed.errors()).singleElement().satisfies((ex) -> assertThat(ex).hasMessageContaining("" + port));
		assertThat(s.server.accepted()).isEqualTo(2);
	}

	@Test
	void warmConnectionsAreReopenedWhenTheEvictorClosesThem() throws Exception {
		Server s = server(null);
		ManualTicker ticker = new ManualTicker();
		HttpTransport transport = transport(TransportConfig.builder().ticker(ticker).idleTimeout(Duration.ofSeconds(5)));
		transport.warmUp(s.server.uri("/"), 3, Duration.ofSeconds(10));
		await(() -> s.server.accepted() == 3);
		ticker.advance(6, TimeUnit.SECONDS);
		transport.pool().evictExpired(ticker.nanoTime());
		await(() -> s.server.accepted() == 6 && transport.stats().total().idle() == 3);
		assertThat(transport.stats().total().closedByReason().get(CloseReason.IDLE_TIMEOUT)).isEqualTo(3);
		await(() -> s.clientCloses.get() == 3);
		assertThat(s.server.accepted()).isEqualTo(6);
	}

	@Test
	void warmUpStaysWithinThePoolWideIdleLimitAndNeverReplacesWhatThatLimitRetired() throws Exception {
		Server s = server(null);
		Server other = server(null);
		HttpTransport transport = transport(TransportConfig.builder().maxIdleTotal(2));
		URI uri = s.server.uri("/");
		// the host's limits allow 3 idle, the pool-wide limit 2: a third would retire one, whose replacement would
		// retire the next, without end
		WarmUpResult result = transport.warmUp(uri, 3, Duration.ofSeconds(10));
		assertThat(result.errors()).isEmpty();
		assertThat(result.opened()).isEqualTo(2);
		assertThat(result.idle()).isEqualTo(2);
		assertThat(transport.warmRefillsDone(Duration.ofSeconds(10))).as("refills over").isTrue();
		await(() -> s.server.accepted() == 2);
		assertThat(transport.stats().total().closed()).as("nothing closed, so no refill asked for").isZero();
		// another host's connection kept idle retires the warm host's least recently used one: not replaced
		assertThat(get(transport, other.server.uri("/"))).isEqualTo("ok");
		assertThat(transport.stats().total().closedByReason().get(CloseReason.IDLE_LIMIT_TOTAL)).isEqualTo(1);
		assertThat(transport.warmRefillsDone(Duration.ofSeconds(10))).as("refills over").isTrue();
		assertThat(get(transport, uri)).isEqualTo("ok");
		assertThat(s.server.accepted()).as("the warm host's connections").isEqualTo(2);
		assertThat(transport.stats().total().idle()).isEqualTo(2);
	}

	@Test
	void aDrainedWarmHostIsWarmedAgainOnceItsRefusalIsOver() throws Exception {
		Server s = server(null);
		HttpTransport transport = transport(TransportConfig.builder());
		transport.warmUp(s.server.uri("/"), 2, Duration.ofSeconds(10));
		await(() -> s.server.accepted() == 2);
		DrainResult drained = transport.drain("127.0.0.1:" + s.server.port(), Duration.ofMillis(300));
		assertThat(drained.idleClosed()).isEqualTo(2);
		// refused at first (the closes asked for replacements), re-opened in the background once the refusal is over
		await(() -> s.server.accepted() == 4 && transport.stats().total().idle() == 2);
		assertThat(transport.stats().total().closedByReason().get(CloseReason.DRAINED)).isEqualTo(2);
	}

	@Test
	void drainClosesIdleConnectionsAtOnceAndLeasedOnesOnRelease() throws Exception {
		Server s = server(null);
		HttpTransport transport = transport(TransportConfig.builder());
		URI uri = s.server.uri("/");
		HttpResponse a = transport.send(HttpRequest.get(uri));
		HttpResponse b = transport.send(HttpRequest.get(uri));
		HttpResponse leased = transport.send(HttpRequest.get(uri));
		a.body().readAllBytes();
		b.body().readAllBytes();
		assertThat(transport.stats().total().idle()).isEqualTo(2);
		assertThat(s.server.accepted()).isEqualTo(3);
		DrainResult drained = transport.drain("127.0.0.1:" + s.server.port(), Duration.ZERO);
		assertThat(drained.idleClosed()).isEqualTo(2);
		assertThat(drained.leasedClosing()).isEqualTo(1);
		await(() -> s.clientCloses.get() == 2);
		leased.body().readAllBytes();
		leased.close();
		await(() -> s.clientCloses.get() == 3);
		assertThat(transport.stats().total().closedByReason().get(CloseReason.DRAINED)).isEqualTo(3);
		assertThat(transport.stats().total().open()).isZero();
		assertThat(get(transport, uri)).isEqualTo("ok");
		assertThat(s.server.accepted()).isEqualTo(4);
		// the fresh connection is pooled again
		assertThat(get(transport, uri)).isEqualTo("ok");
		assertThat(s.server.accepted()).isEqualTo(4);
	}

	@Test
	void aDrainWithARefusalFailsNewConnectionsFastNamingTheHost() throws Exception {
		Server s = server(null);
		ManualTicker ticker = new ManualTicker();
		HttpTransport transport = transport(TransportConfig.builder().ticker(ticker));
		URI uri = s.server.uri("/");
		get(transport, uri);
		String host = "127.0.0.1:" + s.server.port();
		transport.drain(host, Duration.ofSeconds(30));
		assertThatThrownBy(() -> get(transport, uri)).isInstanceOf(HostDrainedException.class)
			.hasMessageContaining(host)
			.hasMessageContaining("drained");
		assertThat(s.server.accepted()).isEqualTo(1);
		ticker.advance(31, TimeUnit.SECONDS);
		assertThat(get(transport, uri)).isEqualTo("ok");
		assertThat(s.server.accepted()).isEqualTo(2);
	}

	@Test
	void pastMaxWaitersCallersFailAtOnce() throws Exception {
		CountDownLatch hold = new CountDownLatch(1);
		Server s = server(hold);
		HttpTransport transport = transport(TransportConfig.builder().maxConnectionsPerHost(1)
			.maxWaitersPerHost(2)
			.acquireTimeout(Duration.ofSeconds(30)));
		URI uri = s.server.uri("/");
		Future<String> holder = this.executor.submit(() -> get(transport, uri));
		await(() -> transport.stats().total().leased() == 1);
		List<Future<String>> callers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			callers.add(this.executor.submit(() -> get(transport, uri)));
		}
		await(() -> callers.stream().filter(Future::isDone).count() == 3 && transport.stats().total().waiting() == 2);
		int failed = 0;
		List<Future<String>> waited = new ArrayList<>();
		for (Future<String> f : callers) {
			if (!f.isDone()) {
				waited.add(f);
			}
			else {
				assertThatThrownBy(f::get).hasCauseInstanceOf(PoolExhaustedException.class)
					.hasMessageContaining("maxWaiters")
					.hasMessageContaining(uri.getPort() + "");
				failed++;
			}
		}
		assertThat(failed).isEqualTo(3);
		hold.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
		for (Future<String> f : waited) {
			assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
		}
		assertThat(s.server.accepted()).isEqualTo(1);
	}

	@Test
	void theTotalCapHoldsAcrossThreeHostsUnderConcurrency() throws Exception {
		CountDownLatch hold = new CountDownLatch(1);
		List<Server> servers = List.of(server(hold), server(hold), server(hold));
		HttpTransport transport = transport(TransportConfig.builder().maxConnectionsTotal(4)
			.maxConnectionsPerHost(4)
			.acquireTimeout(Duration.ofSeconds(30)));
		List<Future<String>> calls = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			URI uri = servers.get(i % 3).server.uri("/");
			calls.add(this.executor.submit(() -> get(transport, uri)));
		}
		await(() -> transport.stats().total().waiting() == 8);
		int accepted = servers.stream().mapToInt((s) -> s.server.accepted()).sum();
		assertThat(accepted).isEqualTo(4);
		assertThat(transport.stats().total().maxConnections()).isEqualTo(4);
		hold.countDown();
		for (Future<String> call : calls) {
			assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
		}
		// every connection beyond the first four replaced one the client had closed: never more than four at once
		int total = servers.stream().mapToInt((s) -> s.server.accepted()).sum();
		int closes = servers.stream().mapToInt((s) -> s.clientCloses.get()).sum();
		assertThat(transport.stats().total().open()).isLessThanOrEqualTo(4);
		assertThat(total - transport.stats().total().closed()).isLessThanOrEqualTo(4);
		assertThat(closes).isLessThanOrEqualTo(total);
		PoolAssertions.assertBalanced(transport.stats());
	}

	@Test
	void atTheTotalAReleasedConnectionGoesToTheWaiterOfItsOwnHostNotClosedAndDialledAgain() throws Exception {
		Server s = server(null);
		HttpTransport transport = transport(TransportConfig.builder().maxConnectionsTotal(1)
			.acquireTimeout(Duration.ofSeconds(30)));
		URI uri = s.server.uri("/");
		HttpResponse first = transport.send(HttpRequest.get(uri));
		// the host is below its own limit, the pool at its total: the second call waits for the total
		Future<String> second = this.executor.submit(() -> get(transport, uri));
		await(() -> transport.stats().total().waiting() == 1);
		assertThat(new String(first.body().readAllBytes())).isEqualTo("ok");
		first.close();
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
		assertThat(s.server.accepted()).as("one connection, reused").isEqualTo(1);
		assertThat(transport.stats().total().closedByReason().get(CloseReason.IDLE_LIMIT_TOTAL)).isZero();
		assertThat(transport.stats().total().reusedRequests()).isEqualTo(1);
	}

	@Test
	void aLateHeadTripsTheResponseHeadTimeoutNotTheReadTimeout() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		Server s = server(never);
		String host = "127.0.0.1:" + s.server.port();
		HttpTransport transport = transport(TransportConfig.builder()
			.readTimeout(Duration.ofSeconds(20))
			.host(host, HostSettings.NONE.withResponseHeadTimeout(Duration.ofMillis(300))));
		long start = System.nanoTime();
		assertThatThrownBy(() -> get(transport, s.server.uri("/"))).isInstanceOf(ResponseHeadTimeoutException.class)
			.isInstanceOf(SocketTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		never.countDown();
	}
}
