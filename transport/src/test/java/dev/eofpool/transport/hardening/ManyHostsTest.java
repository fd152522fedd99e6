package dev.eofpool.transport.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TransportInternals;

/**
 * A thousand distinct hosts (127.0.x.y loopback addresses): the global idle limit holds at every step, the least
 * recently used idle connection goes first, and an idle connection costs little heap (measured and printed): at most
 * 2 KiB, since it keeps no read or write buffer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManyHostsTest {

	private static final int HOSTS = Integer.getInteger("eofpool.hosts", 1000);

	private static ResourceCounts before;

	private static LoopbackFarm farm;

	@BeforeAll
	static void start() throws IOException {
		ResourceCounts.warmUp();
		before = ResourceCounts.now();
		farm = new LoopbackFarm(HOSTS);
	}

	@AfterAll
	static void stop() throws IOException {
		farm.close();
		ResourceCounts.assertNothingLeakedSince(before);
	}

	private static void get(HttpTransport transport, int host) throws IOException {
		try (HttpResponse response = transport.send(HttpRequest.get(farm.uri(host)))) {
			assertThat(response.body().readAllBytes()).hasSize(2);
		}
	}

	private static RouteStats route(HttpTransport transport, int host) {
		return transport.stats().routes().get(Route.of(farm.uri(host)));
	}

	@Test
	void globalIdleLimitHoldsAndTheLeastRecentlyUsedGoesFirst() throws IOException {
		int limit = 100;
		try (HttpTransport transport = new HttpTransport(TransportConfig.builder()
			.maxIdleTotal(limit)
			.maxIdlePerHost(4)
			.backgroundEviction(false)
			.build())) {
			int acceptedBefore = farm.accepted();
			for (int host = 0; host < HOSTS; host++) {
				get(transport, host);
				assertThat(transport.stats().total().idle()).isLessThanOrEqualTo(limit);
			}
			PoolStats stats = transport.stats();
			assertThat(stats.total().idle()).isEqualTo(limit);
			assertThat(stats.total().closedByReason().get(CloseReason.IDLE_LIMIT_TOTAL)).isEqualTo(HOSTS - limit);
			assertThat(stats.routes()).hasSize(HOSTS);
			for (int host = 0; host < HOSTS; host++) {
				assertThat(route(transport, host).idle()).as("idle of host " + host).isEqualTo((host >= HOSTS - limit) ? 1 : 0);
			}
			// a recent host reuses its connection; an old one dials and pushes out the least recently used
			get(transport, HOSTS - 1);
			assertThat(farm.accepted() - acceptedBefore).isEqualTo(HOSTS);
			get(transport, 0);
			assertThat(farm.accepted() - acceptedBefore).isEqualTo(HOSTS + 1);
			assertThat(route(transport, HOSTS - limit).idle()).isZero();
			assertThat(route(transport, HOSTS - limit + 1).idle()).isEqualTo(1);
			assertThat(transport.stats().total().idle()).isEqualTo(limit);
			PoolAssertions.assertBalanced(transport.stats());
			System.out.printf("[hardening] many hosts: %d hosts, global idle limit %d held at every step, %d closed "
					+ "least-recently-used first; routes kept: %d%n", HOSTS, limit,
					transport.stats().total().closedByReason().get(CloseReason.IDLE_LIMIT_TOTAL), stats.routes().size());
		}
	}

	@Test
	void idleConnectionsAndRoutesCostLittleHeap() throws IOException {
		HttpTransport transport = new HttpTransport(TransportConfig.builder()
			.maxIdleTotal(HOSTS)
			.idleTimeout(Duration.ofMinutes(5))
			.backgroundEviction(false)
			.build());
		for (int host = 0; host < HOSTS; host++) {
			get(transport, host);
		}
		assertThat(transport.stats().total().idle()).isEqualTo(HOSTS);
		long withIdle = usedHeap();
		int closedBefore = farm.closedByClient();
		TransportInternals.pool(transport).evictExpired(System.nanoTime() + TimeUnit.DAYS.toNanos(1));
		assertThat(transport.stats().total().idle()).isZero();
		awaitServerSawCloses(closedBefore + HOSTS);
		long withRoutesOnly = usedHeap();
		PoolAssertions.assertBalanced(transport.stats());
		transport.close();
		transport = null;
		long without = usedHeap();
		long perConnection = (withIdle - withRoutesOnly) / HOSTS;
		long perRoute = (withRoutesOnly - without) / HOSTS;
		System.out.printf("[hardening] heap: %d bytes per idle connection (%d idle), %d bytes per route kept after "
				+ "its connections closed%n", perConnection, HOSTS, perRoute);
		// an idle connection holds no buffer (they are lent while bytes move): what is left is the socket's JDK objects
		// (about 600 B) and the connection's own (about 400 B)
		assertThat(perConnection).as("heap bytes per idle connection").isLessThanOrEqualTo(2048);
	}

	private static void awaitServerSawCloses(int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (farm.closedByClient() < count && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		assertThat(farm.closedByClient()).isGreaterThanOrEqualTo(count);
	}

	private static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}
}
