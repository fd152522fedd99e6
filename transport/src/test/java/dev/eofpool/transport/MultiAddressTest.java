package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import dev.eofpool.testfixtures.Blackhole;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;

/**
 * One host name behind several loopback addresses (127.0.0.2, 127.0.0.3, ... all reach this machine on Linux) through
 * the {@link Resolver} SPI: blackholed addresses, round robin, the failure message, the address filter and DNS
 * refresh. Connections are counted per address on the server side.
 */
@Timeout(60)
class MultiAddressTest {

	private static final String HOST = "multi.test";

	private final List<AutoCloseable> closeables = new ArrayList<>();

	/** The resolver's answer for {@link #HOST}; tests change it. */
	private final List<InetAddress> answer = new CopyOnWriteArrayList<>();

	private final AtomicInteger resolutions = new AtomicInteger();

	private final Resolver resolver = (host) -> {
		if (!HOST.equals(host)) {
			throw new UnknownHostException(host);
		}
		this.resolutions.incrementAndGet();
		return List.copyOf(this.answer);
	};

	private int port;

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.closeables) {
			c.close();
		}
	}

	@Test
	void blackholedAddressIsRacedAndRemembered() throws Exception {
		InetAddress dead = address(2);
		InetAddress good = address(3);
		blackhole(dead);
		TestServer server = server(good);
		this.answer.addAll(List.of(dead, good));
		HttpTransport transport = transport(TransportConfig.builder().connectTimeout(Duration.ofSeconds(5))
				.maxIdlePerHost(0));
		long first = timed(transport);
		List<Long> next = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			next.add(timed(transport));
		}
		System.out.println("blackhole first dial ms=" + first / 1_000_000 + " next ms="
				+ next.stream().map((n) -> n / 1_000_000).toList());
		assertThat(first).isLessThan(TimeUnit.MILLISECONDS.toNanos(1500));
		assertThat(next).allSatisfy((n) -> assertThat(n).isLessThan(TimeUnit.MILLISECONDS.toNanos(200)));
		assertThat(server.accepted()).isEqualTo(6);
		assertThat(transport.dialer().failedAddresses(HOST)).containsExactly(dead);
	}

	@Test
	void newConnectionsSpreadRoundRobin() throws Exception {
		List<TestServer> servers = new ArrayList<>();
		CountDownLatch all = new CountDownLatch(16);
		for (int i = 2; i <= 5; i++) {
			InetAddress a = address(i);
			this.answer.add(a);
			servers.add(server(a, all));
		}
		HttpTransport transport = transport(TransportConfig.builder());
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(pool.submit(() -> get(transport)));
			}
			for (Future<Integer> f : calls) {
				assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<Integer> accepted = servers.stream().map(TestServer::accepted).toList();
		System.out.println("round robin accepted per address=" + accepted);
		assertThat(accepted).allSatisfy((n) -> assertThat(n).isGreaterThanOrEqualTo(3));
		RouteStats stats = transport.stats().routes().values().iterator().next();
		assertThat(stats.openByAddress()).containsOnlyKeys("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
		assertThat(stats.openByAddress().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
	}

	@Test
	void failureNamesEveryAddressTried() throws Exception {
		InetAddress dead = address(2);
		InetAddress refusing = address(6);
		blackhole(dead);
		this.answer.addAll(List.of(dead, refusing));
		List<InetAddress> failedAttempts = new CopyOnWriteArrayList<>();
		HttpTransport transport = transport(TransportConfig.builder().connectTimeout(Duration.ofMillis(800)));
		transport.addListener(new PoolListener() {
			@Override
			public void dialAttemptFailed(Route route, InetAddress address, IOException error) {
				failedAttempts.add(address);
			}
		});
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> get(transport))
			.withMessageContaining("timed out after 800 ms")
			.withMessageContaining("127.0.0.2: no answer")
			.withMessageContaining("127.0.0.6: Connection refused");
		assertThat(failedAttempts).containsExactlyInAnyOrder(dead, refusing);
	}

	@Test
	void filteredAddressIsNeverDialled() throws Exception {
		InetAddress good = address(3);
		TestServer server = server(good);
		this.answer.add(good);
		HttpTransport transport = transport(TransportConfig.builder()
			.addressFilter((host, a) -> !a.isLoopbackAddress()));
		assertThatExceptionOfType(AddressRefusedException.class).isThrownBy(() -> get(transport))
			.withMessageContaining("multi.test")
			.withMessageContaining("127.0.0.3")
			.satisfies((ex) -> assertThat(ex.addresses()).containsExactly(good));
		assertThat(server.accepted()).isZero();
	}

	@Test
	void theFilterAppliesToTheProxyToo() throws Exception {
		TestServer proxy = server(address(3));
		this.answer.add(address(3));
		HttpTransport transport = transport(TransportConfig.builder()
			.proxy(dev.eofpool.transport.proxy.ProxySettings.of(HOST, this.port))
			.addressFilter((host, a) -> !host.equals(HOST)));
		assertThatExceptionOfType(AddressRefusedException.class)
			.isThrownBy(() -> transport.send(HttpRequest.get(URI.create("http://origin.example/"))))
			.withMessageContaining("proxy of http://origin.example")
			.withMessageContaining("127.0.0.3");
		assertThat(proxy.accepted()).isZero();
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(ints = { 1, 2 })
	void anInterruptedDialEndsAtOnce(int addresses) throws Exception {
		// one address: a blocking connect; two: the race's selector
		for (int i = 0; i < addresses; i++) {
			blackhole(address(2 + 5 * i));
			this.answer.add(address(2 + 5 * i));
		}
		HttpTransport transport = transport(TransportConfig.builder().connectTimeout(Duration.ofSeconds(20)));
		CountDownLatch done = new CountDownLatch(1);
		List<Throwable> failure = new CopyOnWriteArrayList<>();
		Thread caller = new Thread(() -> {
			try {
				get(transport);
			}
			catch (Throwable ex) {
				failure.add(ex);
			}
			finally {
				done.countDown();
			}
		});
		caller.start();
		Waits.until(() -> transport.stats().total().connecting() > 0, "the dial to begin");
		assertThat(transport.stats().total().connecting()).isEqualTo(1);
		long interrupted = System.nanoTime();
		caller.interrupt();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(System.nanoTime() - interrupted).isLessThan(TimeUnit.SECONDS.toNanos(2));
		assertThat(failure).singleElement().isInstanceOf(java.io.InterruptedIOException.class);
		assertThat(transport.stats().total().connecting()).isZero();
	}

	@Test
	void refreshRetiresAnAddressAbsentTwiceInARow() throws Exception {
		CountDownLatch three = new CountDownLatch(3);
		List<TestServer> servers = new ArrayList<>();
		for (int i = 2; i <= 4; i++) {
			this.answer.add(address(i));
			servers.add(server(address(i), three));
		}
		HttpTransport transport = transport(TransportConfig.builder().dnsRefreshInterval(Duration.ofSeconds(1))
				.backgroundEviction(false));
		concurrently(transport, 3);
		assertThat(openByAddress(transport)).containsOnlyKeys("127.0.0.2", "127.0.0.3", "127.0.0.4");
		long t = System.nanoTime();
		// a rotating answer that misses an address once retires nothing
		this.answer.remove(address(3));
		transport.refreshDns(t + TimeUnit.SECONDS.toNanos(2));
		this.answer.add(address(3));
		transport.refreshDns(t + TimeUnit.SECONDS.toNanos(4));
		assertThat(openByAddress(transport)).hasSize(3);
		// gone from two answers in a row: its idle connection closes, the others stay
		this.answer.remove(address(4));
		transport.refreshDns(t + TimeUnit.SECONDS.toNanos(6));
		assertThat(openByAddress(transport)).hasSize(3);
		transport.refreshDns(t + TimeUnit.SECONDS.toNanos(8));
		assertThat(openByAddress(transport)).containsOnlyKeys("127.0.0.2", "127.0.0.3");
		assertThat(transport.stats().total().closedByReason().get(CloseReason.ADDRESS_REMOVED)).isEqualTo(1);
		assertThat(servers.stream().map(TestServer::accepted).toList()).containsExactly(1, 1, 1);
	}

	@Test
	void leasedConnectionToARetiredAddressClosesWhenItComesBack() throws Exception {
		InetAddress a = address(2);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch arrived = new CountDownLatch(1);
		TestServer.responding(new InetSocketAddress(a, 0), (c, r) -> {
		}).close(); // warms nothing: only checks the address binds
		this.port = freePort(a);
		TestServer server = TestServer.responding(new InetSocketAddress(a, this.port), (c, r) -> {
			arrived.countDown();
			release.await(10, TimeUnit.SECONDS);
			c.respond(200, "ok");
		});
		this.closeables.add(server);
		this.answer.add(a);
		HttpTransport transport = transport(TransportConfig.builder().dnsRefreshInterval(Duration.ofSeconds(1))
				.backgroundEviction(false));
		ExecutorService exec = Executors.newSingleThreadExecutor();
		try {
			Future<Integer> call = exec.submit(() -> get(transport));
			assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
			this.answer.set(0, address(3));
			long t = System.nanoTime();
			transport.refreshDns(t + TimeUnit.SECONDS.toNanos(2));
			transport.refreshDns(t + TimeUnit.SECONDS.toNanos(4));
			assertThat(transport.stats().total().leased()).isEqualTo(1);
			release.countDown();
			assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(200);
		}
		finally {
			exec.shutdownNow();
		}
		assertThat(transport.stats().total().open()).isZero();
		assertThat(transport.stats().total().closedByReason().get(CloseReason.ADDRESS_REMOVED)).isEqualTo(1);
	}

	@Test
	void backgroundRefreshClosesIdleConnectionsToARemovedAddressWithinTwelveSeconds() throws Exception {
		CountDownLatch two = new CountDownLatch(2);
		for (int i = 2; i <= 3; i++) {
			this.answer.add(address(i));
			server(address(i), two);
		}
		HttpTransport transport = transport(TransportConfig.builder().dnsRefreshInterval(Duration.ofSeconds(1)));
		concurrently(transport, 2);
		assertThat(openByAddress(transport)).containsOnlyKeys("127.0.0.2", "127.0.0.3");
		long removed = System.nanoTime();
		this.answer.remove(address(3));
		Waits.until(() -> !openByAddress(transport).containsKey("127.0.0.3"),
				"the refresh to close the connection to the removed address");
		long tookMs = (System.nanoTime() - removed) / 1_000_000;
		System.out.println("dns refresh (1 s) closed the idle connection to the removed address after ms=" + tookMs);
		assertThat(openByAddress(transport)).containsOnlyKeys("127.0.0.2");
		assertThat(tookMs).isLessThan(12_000);
	}

	// --- helpers ---

	private static InetAddress address(int last) throws UnknownHostException {
		return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
	}

	private Map<String, Integer> openByAddress(HttpTransport transport) {
		return transport.stats().routes().values().stream().findFirst().map(RouteStats::openByAddress)
			.orElse(Map.of());
	}

	/** Runs {@code n} requests at once; the servers answer when all arrived, so each needs its own connection. */
	private void concurrently(HttpTransport transport, int n) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			List<Future<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				calls.add(pool.submit(() -> get(transport)));
			}
			for (Future<Integer> f : calls) {
				assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private HttpTransport transport(TransportConfig.Builder builder) {
		HttpTransport transport = new HttpTransport(builder.resolver(this.resolver).build());
		this.closeables.add(transport);
		return transport;
	}

	private int get(HttpTransport transport) throws IOException {
		try (HttpResponse response = transport.send(HttpRequest.get(URI.create("http://" + HOST + ":" + this.port + "/")))) {
			response.body().readAllBytes();
			return response.status();
		}
	}

	private long timed(HttpTransport transport) throws IOException {
		long start = System.nanoTime();
		assertThat(get(transport)).isEqualTo(200);
		return System.nanoTime() - start;
	}

	private TestServer server(InetAddress a) throws IOException {
		return server(a, new CountDownLatch(0));
	}

	/** A keep-alive server on {@code a} at the test's port, answering once {@code together} reached zero. */
	private TestServer server(InetAddress a, CountDownLatch together) throws IOException {
		if (this.port == 0) {
			this.port = freePort(a);
		}
		TestServer server = TestServer.responding(new InetSocketAddress(a, this.port), (c, r) -> {
			together.countDown();
			together.await(10, TimeUnit.SECONDS);
			c.respond(200, "ok");
		});
		this.closeables.add(server);
		return server;
	}

	private static int freePort(InetAddress a) throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 1, a)) {
			return probe.getLocalPort();
		}
	}

	/** A blackhole at {@code a} on the test's shared port (chosen at the first one), closed after the test. */
	private void blackhole(InetAddress a) throws IOException {
		if (this.port == 0) {
			this.port = freePort(a);
		}
		this.closeables.add(Blackhole.at(a, this.port));
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.US_ASCII);
	}
}
