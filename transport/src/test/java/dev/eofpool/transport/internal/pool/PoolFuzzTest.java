package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.ExhaustionPolicy;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.HostDrainedException;
import dev.eofpool.transport.TransportConfig;

/**
 * A seeded, bounded fuzzer over acquire, release, retry, leak, probe failure, eviction and close. After every step the
 * books balance, the limits hold, and no connection is both idle and closed; at the end every socket is closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolFuzzTest {

	private static final int SEEDS = 30;

	private static final int STEPS = 3000;

	private static final Route[] ROUTES = { new Route("http", "a", 80), new Route("http", "b", 80),
			new Route("http", "c", 8080) };

	/** A stub connection that also records which thread holds its lease. */
	static final class FakeConnection extends StubConnection {

		/** The thread holding the lease, to catch a connection leased to two callers at once. */
		final AtomicReference<Thread> holder = new AtomicReference<>();

		FakeConnection(Route route, long now) {
			super(route, now);
		}
	}

	@Test
	void randomOperationsKeepTheBooksAndTheLimits() throws Exception {
		long ops = 0;
		for (long seed = 1; seed <= SEEDS; seed++) {
			ops += run(seed, false);
		}
		System.out.println("pool fuzzer: " + ops + " operations over " + SEEDS + " seeds, invariants held after each");
	}

	/**
	 * Many threads at the limit of two routes, one whose waits time out after 50 µs and one whose waiters are
	 * interrupted at random: no connection is ever leased to two threads, the limit holds, a handed-over connection
	 * that meets an interrupt is given back, and at the end the books balance with nothing leased or waiting.
	 */
	@Test
	void randomOperationsWithATotalCapDrainsAndWarmUpKeepTheBooksAndTheLimits() throws Exception {
		long ops = 0;
		for (long seed = 1; seed <= SEEDS; seed++) {
			ops += run(seed, true);
		}
		System.out.println("pool fuzzer (total cap 6, drains, warm-up): " + ops + " operations over " + SEEDS
				+ " seeds, invariants held after each");
	}

	@Test
	void waitersUnderContentionWithTimeoutsAndInterruptsKeepTheBooks() throws Exception {
		Route timing = ROUTES[0];
		Route interrupted = ROUTES[1];
		TransportConfig config = TransportConfig.builder()
			.backgroundEviction(false)
			.maxConnectionsPerHost(3)
			.maxIdlePerHost(3)
			.acquireTimeout(Duration.ofSeconds(30))
			.host("a:80", HostSettings.NONE.withAcquireTimeout(Duration.ofNanos(50_000)))
			.build();
		ConnectionPool<FakeConnection> pool = new ConnectionPool<>(config, FakeConnection.class);
		Queue<FakeConnection> all = new ConcurrentLinkedQueue<>();
		AtomicInteger[] leasedNow = { new AtomicInteger(), new AtomicInteger() };
		AtomicInteger maxLeased = new AtomicInteger();
		AtomicInteger acquired = new AtomicInteger();
		AtomicInteger timeouts = new AtomicInteger();
		AtomicInteger interrupts = new AtomicInteger();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		int threads = 24;
		int iterations = 3000;
		CountDownLatch done = new CountDownLatch(threads);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int index = t;
			workers.add(new Thread(() -> {
				Random random = new Random(index);
				try {
					for (int i = 0; i < iterations; i++) {
						int r = index % 2;
						Route route = (r == 0) ? timing : interrupted;
						FakeConnection c;
						try {
							c = pool.acquire(route, (rt) -> {
								FakeConnection fresh = new FakeConnection(rt, System.nanoTime());
								all.add(fresh);
								return fresh;
							});
						}
						catch (PoolExhaustedException ex) {
							timeouts.incrementAndGet();
							continue;
						}
						catch (InterruptedIOException ex) {
							assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
							interrupts.incrementAndGet();
							continue;
						}
						acquired.incrementAndGet();
						if (!c.holder.compareAndSet(null, Thread.currentThread())) {
							throw new AssertionError(c + " leased to " + c.holder.get() + " and to " + Thread.currentThread());
						}
						assertThat(c.closed).isFalse();
						maxLeased.accumulateAndGet(leasedNow[r].incrementAndGet(), Math::max);
						for (int spin = random.nextInt(200); spin > 0; spin--) {
							Thread.onSpinWait();
						}
						leasedNow[r].decrementAndGet();
						c.holder.set(null);
						pool.release(c, (random.nextInt(20) == 0) ? ReleaseOutcome.close(CloseReason.IO_ERROR)
								: ReleaseOutcome.KEEP);
						Thread.interrupted(); // an interrupt that came between waits is not this test's concern
					}
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
				finally {
					done.countDown();
				}
			}, "pool-contender-" + t));
		}
		workers.forEach(Thread::start);
		Random random = new Random(42);
		while (!done.await(50, TimeUnit.MICROSECONDS)) {
			workers.get(1 + 2 * random.nextInt(threads / 2)).interrupt();
		}
		assertThat(failures).isEmpty();
		PoolStats stats = pool.stats();
		PoolAssertions.assertBalanced(stats);
		assertThat(stats.total().leased()).isZero();
		assertThat(stats.total().waiting()).isZero();
		assertThat(stats.total().connecting()).isZero();
		assertThat(maxLeased.get()).isLessThanOrEqualTo(3);
		assertThat(timeouts.get()).as("timed-out waits").isPositive();
		assertThat(interrupts.get()).as("interrupted waits").isPositive();
		assertThat(acquired.get() + timeouts.get() + interrupts.get()).isEqualTo(threads * iterations);
		pool.close();
		assertThat(all).allSatisfy((c) -> assertThat(c.closed).isTrue());
		System.out.println("pool contention: " + acquired + " leases, " + timeouts + " timed-out and " + interrupts
				+ " interrupted waits, " + all.size() + " connections");
	}

	private long run(long seed, boolean operating) throws Exception {
		Random random = new Random(seed);
		ManualTicker ticker = new ManualTicker();
		TransportConfig config = TransportConfig.builder()
			.maxConnectionsTotal(operating ? 6 : Integer.MAX_VALUE)
			.ticker(ticker)
			.backgroundEviction(false)
			.maxConnectionsPerHost(5)
			.maxIdlePerHost(3)
			.maxIdleTotal(5)
			.exhaustionPolicy(ExhaustionPolicy.FAIL_FAST)
			.idleTimeout(Duration.ofSeconds(4))
			.maxLifetime(Duration.ofSeconds(20))
			.validateAfterIdle(Duration.ofSeconds(1))
			.host("c:8080", HostSettings.NONE.withMaxConnections(2).withMaxIdle(1))
			.build();
		ConnectionPool<FakeConnection> pool = new ConnectionPool<>(config, FakeConnection.class);
		List<FakeConnection> all = new ArrayList<>();
		List<FakeConnection> leased = new ArrayList<>();
		long steps = 0;
		for (int step = 0; step < STEPS; step++, steps++) {
			int op = random.nextInt(operating ? 110 : 100);
			if (op >= 100) {
				Route route = ROUTES[random.nextInt(ROUTES.length)];
				if (op < 104) {
					pool.drain(route.hostPort(), (random.nextBoolean()) ? Duration.ZERO : Duration.ofSeconds(2));
				}
				else {
					try {
						pool.warm(route, (r) -> {
							FakeConnection fresh = new FakeConnection(r, ticker.nanoTime());
							all.add(fresh);
							return fresh;
						}, 1 + random.nextInt(3));
					}
					catch (IOException ex) {
						throw new AssertionError(ex);
					}
				}
			}
			else if (op < 40) {
				Route route = ROUTES[random.nextInt(ROUTES.length)];
				boolean failConnect = random.nextInt(10) == 0;
				try {
					FakeConnection c = pool.acquire(route, (r) -> {
						if (failConnect) {
							throw new ConnectException("refused");
						}
						FakeConnection fresh = new FakeConnection(r, ticker.nanoTime());
						all.add(fresh);
						return fresh;
					});
					assertThat(c.closed).isFalse();
					assertThat(leased).doesNotContain(c);
					leased.add(c);
				}
				catch (PoolExhaustedException | ConnectException | HostDrainedException ex) {
					// at the limit (fail-fast), connect refused, or drained and refusing: all fine
				}
			}
			else if (op < 70 && !leased.isEmpty()) {
				FakeConnection c = leased.remove(random.nextInt(leased.size()));
				KeepAliveHint hint = KeepAliveHint.NONE;
				if (random.nextInt(5) == 0) {
					hint = new KeepAliveHint(TimeUnit.SECONDS.toNanos(1 + random.nextInt(3)), random.nextInt(3) - 1);
				}
				CloseReason reason = (random.nextInt(4) == 0)
						? CloseReason.values()[random.nextInt(CloseReason.values().length)] : null;
				pool.release(c, ReleaseOutcome.of(reason, hint));
			}
			else if (op < 74 && !leased.isEmpty()) {
				FakeConnection c = leased.remove(random.nextInt(leased.size()));
				try {
					leased.add(pool.replace(c, CloseReason.SERVER_CLOSED_IDLE,
							RetryReason.CLOSED_BEFORE_RESPONSE, (r) -> {
								FakeConnection fresh = new FakeConnection(r, ticker.nanoTime());
								all.add(fresh);
								return fresh;
							}));
				}
				catch (HostDrainedException ex) {
					// drained with a refusal: the retry's fresh connection is refused, its lease ended
				}
				catch (IOException ex) {
					throw new AssertionError(ex);
				}
			}
			else if (op < 76 && !leased.isEmpty()) {
				pool.leaked(leased.remove(random.nextInt(leased.size())));
			}
			else if (op < 82) {
				List<PooledConnection> idle = pool.idleOf(ROUTES[random.nextInt(ROUTES.length)]);
				if (!idle.isEmpty()) {
					((FakeConnection) idle.get(random.nextInt(idle.size()))).probeResult = random.nextBoolean()
							? CloseReason.SERVER_CLOSED_IDLE : CloseReason.UNSOLICITED_BYTES;
				}
			}
			else if (op < 95) {
				ticker.advance(random.nextInt(3000), TimeUnit.MILLISECONDS);
				long next = pool.evictExpired(ticker.nanoTime());
				assertThat(next).isPositive();
			}
			else {
				pool.serverClosedIdle(all.isEmpty() ? ROUTES[0] : all.get(random.nextInt(all.size())).route(),
						TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(5000)));
			}
			check(pool, all, leased, config);
		}
		pool.close();
		for (FakeConnection c : leased) {
			pool.release(c, ReleaseOutcome.KEEP);
		}
		PoolStats stats = pool.stats();
		PoolAssertions.assertBalanced(stats);
		assertThat(stats.total().idle() + stats.total().leased()).isZero();
		assertThat(all).allSatisfy((c) -> assertThat(c.closed).isTrue());
		assertThat(stats.total().opened()).isEqualTo(all.size());
		return steps;
	}

	private static void check(ConnectionPool<FakeConnection> pool, List<FakeConnection> all, List<FakeConnection> leased,
			TransportConfig config) {
		PoolStats stats = pool.stats();
		PoolAssertions.assertBalanced(stats);
		assertThat(stats.total().idle()).isLessThanOrEqualTo(config.maxIdleTotal());
		assertThat(stats.total().leased()).isEqualTo(leased.size());
		assertThat(stats.total().open() + stats.total().connecting()).isLessThanOrEqualTo(config.maxConnectionsTotal());
		stats.routes().forEach((route, s) -> {
			assertThat(s.idle()).isLessThanOrEqualTo(s.maxIdle());
			assertThat(s.open() + s.connecting()).isLessThanOrEqualTo(s.maxConnections());
			assertThat(s.waiting()).isZero();
			for (PooledConnection c : pool.idleOf(route)) {
				assertThat(((FakeConnection) c).closed).as("idle connection closed").isFalse();
			}
		});
		long closedSockets = all.stream().filter((c) -> c.closed).count();
		assertThat(closedSockets).isEqualTo(stats.total().closed());
	}
}
