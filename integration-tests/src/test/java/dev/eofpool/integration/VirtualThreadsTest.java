package dev.eofpool.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;

/**
 * 10,000 virtual threads share a host limited to 16 connections and all complete. The build runs this module on the
 * JDK 25 it finds on the machine (the integration-tests pom), and sets {@code eofpool.requireVirtualThreads}: there a
 * JVM without virtual threads fails the test. Run elsewhere (an IDE on JDK 17) it is skipped. The module targets 17,
 * so the executor is looked up reflectively.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VirtualThreadsTest {

	@Test
	void virtualThreadsRacePastABlackholedAddress() throws Exception {
		ExecutorService executor = virtualThreadExecutor();
		assumeTrue(executor != null, "virtual threads need JDK 21+; this JVM is " + Runtime.version());
		java.net.InetAddress dead = java.net.InetAddress.getByName("127.0.0.2");
		java.net.InetAddress good = java.net.InetAddress.getByName("127.0.0.3");
		int port;
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, dead)) {
			port = probe.getLocalPort();
		}
		List<java.net.Socket> backlog = new ArrayList<>();
		try (java.net.ServerSocket blackhole = new java.net.ServerSocket(port, 1, dead);
				TestServer server = TestServer.responding(new java.net.InetSocketAddress(good, port),
						(c, r) -> c.respond(200, "vt"));
				HttpTransport transport = new HttpTransport(TransportConfig.builder()
					.resolver((host) -> List.of(dead, good))
					.connectTimeout(Duration.ofSeconds(5))
					.maxIdlePerHost(0)
					.build())) {
			// fill the accept backlog so further SYNs are dropped: a connect to it times out
			for (int i = 0; i < 8; i++) {
				java.net.Socket s = new java.net.Socket();
				try {
					s.connect(blackhole.getLocalSocketAddress(), 300);
					backlog.add(s);
				}
				catch (java.net.SocketTimeoutException ex) {
					s.close();
					break;
				}
			}
			List<Future<Long>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(executor.submit(() -> {
					long start = System.nanoTime();
					try (HttpResponse r = transport.send(HttpRequest.get(java.net.URI.create("http://name.test:" + port + "/")))) {
						r.body().readAllBytes();
					}
					return System.nanoTime() - start;
				}));
			}
			for (Future<Long> f : calls) {
				assertThat(f.get(20, TimeUnit.SECONDS)).isLessThan(TimeUnit.MILLISECONDS.toNanos(1500));
			}
			assertThat(server.accepted()).isEqualTo(16);
		}
		finally {
			for (java.net.Socket s : backlog) {
				s.close();
			}
			executor.shutdownNow();
		}
	}

	@Test
	void tenThousandVirtualThreadsShareSixteenConnections() throws Exception {
		ExecutorService executor = virtualThreadExecutor();
		String missing = "virtual threads need JDK 21+; this JVM is " + Runtime.version();
		if (Boolean.getBoolean("eofpool.requireVirtualThreads")) {
			assertThat(executor).as(missing).isNotNull();
		}
		assumeTrue(executor != null, missing);
		AtomicInteger open = new AtomicInteger();
		AtomicInteger maxOpen = new AtomicInteger();
		try (TestServer server = TestServer.start((c) -> {
			maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
			try {
				while (c.readRequest() != null) {
					c.respond(200, "vt");
				}
			}
			finally {
				open.decrementAndGet();
			}
		});
				HttpTransport transport = new HttpTransport(TransportConfig.builder()
					.maxConnectionsPerHost(16)
					.acquireTimeout(Duration.ofSeconds(60))
					.build())) {
			AtomicInteger ok = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				futures.add(executor.submit(() -> {
					HttpResponse r = transport.send(HttpRequest.get(server.uri("/")));
					if (new String(r.body().readAllBytes(), "ISO-8859-1").equals("vt")) {
						ok.incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get(100, TimeUnit.SECONDS);
			}
			assertThat(ok.get()).isEqualTo(10_000);
			assertThat(maxOpen.get()).isLessThanOrEqualTo(16);
			RouteStats total = transport.stats().total();
			assertThat(total.opened() - total.closed()).as("opened - closed").isEqualTo(total.idle() + total.leased());
			assertThat(total.leased()).as("connections still leased").isZero();
			assertThat(total.waiting()).as("requests still waiting").isZero();
			System.out.println("virtual threads: 10000 requests on " + server.accepted() + " connections, JDK "
					+ Runtime.version());
		}
		finally {
			if (executor != null) {
				executor.shutdownNow();
			}
		}
	}

	private static ExecutorService virtualThreadExecutor() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}
}
